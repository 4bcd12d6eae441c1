// The page's own controls fill in and read the billing address of the embed named "main".
const status = document.getElementById("address-status");
const api = () => window.WhopCheckout;

document.getElementById("fill-address").addEventListener("click", () =>
  api()?.setAddress("main", {
    name: "Ana Souza",
    line1: "Avenida Paulista, 1578",
    city: "São Paulo",
    state: "SP",
    postalCode: "01310-200",
    country: "BR",
  }),
);
document.getElementById("read-address").addEventListener("click", async () => {
  const answer = await api()?.getAddress("main");
  if (!answer) return;
  const { address, isComplete } = answer;
  const parts = [address.line1, address.city, address.postalCode, address.country].filter(Boolean);
  status.textContent = `${isComplete ? "Complete" : "Not complete yet"}: ${parts.join(", ") || "nothing typed"}.`;
});
