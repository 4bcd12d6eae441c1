// Adds, moves, re-themes and removes embeds at runtime, the way a single-page app would.
const slots = document.getElementById("slots");
const count = document.getElementById("count");
const plans = ["plan_DemoOneTime01", "plan_DemoMonthly01"];
let added = 0;

function updateCount() {
  const n = slots.children.length;
  count.textContent = `${n} checkout${n === 1 ? "" : "s"} on the page`;
}

document.getElementById("add").addEventListener("click", () => {
  const slot = document.createElement("div");
  slot.className = "embed";
  slot.dataset.whopCheckoutPlanId = plans[added % plans.length];
  slot.dataset.whopCheckoutTheme = "light";
  added += 1;
  slots.append(slot);
  updateCount();
});

document.getElementById("move").addEventListener("click", () => {
  if (slots.firstElementChild) slots.append(slots.firstElementChild);
});

document.getElementById("theme").addEventListener("click", () => {
  for (const slot of slots.children) {
    slot.dataset.whopCheckoutTheme = slot.dataset.whopCheckoutTheme === "dark" ? "light" : "dark";
  }
});

document.getElementById("remove").addEventListener("click", () => {
  slots.lastElementChild?.remove();
  updateCount();
});
