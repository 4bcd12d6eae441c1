/**
 * The few rules of the buyer-details fields beyond the form's own (src/checkout/styles/): each
 * address is a section, titled like one. They are added to the app's stylesheet through the
 * CSSOM, which the frame's CSP allows, when this chunk loads: a stylesheet of its own would
 * need Vite's loader for on-demand CSS (see vite.config.ts), and the app's stylesheet counts
 * against the byte budget of every checkout.
 */
const RULES = [
  // A grid item (floated, it is no longer the fieldset's caption): spaced like the fields.
  `.details>legend{float:left;width:100%;margin:4px 0 -4px;color:var(--text);font-size:15px;font-weight:600}`,
];

export function addStyles(): void {
  const sheet = document.styleSheets[0];
  for (const rule of RULES) sheet?.insertRule(rule, sheet.cssRules.length);
}
