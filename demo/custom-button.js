// The page's own controls drive the embed named "main" through the programmatic API.
const status = document.getElementById("email-status");
const api = () => window.WhopCheckout;

document.getElementById("pay").addEventListener("click", () => api()?.submit("main"));
document
  .getElementById("prefill")
  .addEventListener("click", () => api()?.setEmail("main", "ana@example.com"));
document.getElementById("read").addEventListener("click", async () => {
  const email = await api()?.getEmail("main");
  status.textContent = email ? `The checkout's email is ${email}.` : "No email typed yet.";
});
document.getElementById("checkout").addEventListener("whop-checkout:complete", (event) => {
  document.getElementById("pay").disabled = true;
  status.textContent = `Paid. Receipt ${event.detail.receipt_id}.`;
});
