/**
 * Origins are written into a CSP header, so only well-formed http(s) origins pass (a `*`
 * subdomain or port wildcard is allowed, as CSP allows it). Companies' allowed origins and
 * EMBED_ORIGINS are checked against it on input.
 */
export const EMBED_ORIGIN = /^https?:\/\/(\*\.)?[a-z0-9.-]+(:(\d{1,5}|\*))?$/i;

/**
 * The `frame-ancestors` source list for these origins, exactly; `'none'` when none is usable.
 * A bare `*` is not an origin: it would let any site frame the checkout.
 */
export function frameAncestors(origins: string[]): string {
  const safe = origins.filter((origin) => EMBED_ORIGIN.test(origin));
  return safe.length ? safe.join(" ") : "'none'";
}
