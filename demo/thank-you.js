// Lists the redirect's query parameters (status, receipt_id, plan_id, session_id).
const list = document.getElementById("params");
for (const [key, value] of new URLSearchParams(location.search)) {
  const term = document.createElement("dt");
  const detail = document.createElement("dd");
  term.textContent = key;
  detail.textContent = value;
  detail.dataset.param = key;
  list?.append(term, detail);
}
