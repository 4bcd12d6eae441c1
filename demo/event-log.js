// Shows every whop-checkout:* event that reaches this page, newest last.
const names = ["ready", "resize", "state", "complete", "error", "address-validation-error"];
const log = document.getElementById("event-log");
for (const name of names) {
  document.addEventListener(`whop-checkout:${name}`, (event) => {
    if (!log) return;
    const item = document.createElement("li");
    const time = new Date().toLocaleTimeString();
    item.textContent = `${time}  ${event.type}  ${JSON.stringify(event.detail)}`;
    item.dataset.event = name;
    log.append(item);
    log.scrollTop = log.scrollHeight;
  });
}
