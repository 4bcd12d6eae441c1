// Opens the checkout in a modal dialog and shows how the purchase ended.
const button = document.getElementById("buy");
const output = document.getElementById("result");
button.addEventListener("click", async () => {
  if (!window.WhopCheckout) {
    output.textContent = "The checkout script has not loaded yet; try again in a moment.";
    return;
  }
  output.textContent = "";
  const result = await window.WhopCheckout.open({ planId: "plan_DemoMonthly01", theme: "light" });
  output.dataset.status = result.status;
  output.textContent =
    result.status === "ok"
      ? `Purchased. Receipt ${result.data.receipt_id}.`
      : `No purchase: ${result.error}`;
});
