// Counts Content-Security-Policy violations so the page can show there are none. Loaded first,
// before the checkout loader, so that nothing the loader does goes uncounted.
let violations = 0;
const show = () => {
  const counter = document.getElementById("violations");
  if (counter) counter.textContent = String(violations);
};
document.addEventListener("securitypolicyviolation", (event) => {
  violations += 1;
  show();
  console.error("CSP violation:", event.violatedDirective, event.blockedURI);
});
document.addEventListener("DOMContentLoaded", show);
