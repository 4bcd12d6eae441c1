/**
 * What the server API and the CLI show of webhook endpoints. A signing secret is shown when it
 * is made (creation, rotation) and on an explicit reveal, never in listings, so a key that can
 * list endpoints does not hand out the secrets with every call.
 */
import { notFound } from "../http/guards.ts";
import type { Store } from "../store/interface.ts";
import type { EndpointRecord } from "../store/records.ts";

/** How long a rotated-out secret keeps signing deliveries beside the new one. */
export const SECRET_OVERLAP_MS = 24 * 60 * 60_000;

/** An endpoint without its secrets. */
export const endpointView = ({
  secret: _secret,
  previous_secret: _previous,
  previous_secret_expires_at: expiresAt,
  ...endpoint
}: EndpointRecord) => ({
  ...endpoint,
  /** Until when the secret before the last rotation still signs deliveries; null when none. */
  previous_secret_expires_at: expiresAt === null ? null : new Date(expiresAt).toISOString(),
});

/** An endpoint with its current signing secret: for creation, rotation and reveal only. */
export const endpointWithSecret = (endpoint: EndpointRecord) => ({
  ...endpointView(endpoint),
  secret: endpoint.secret,
});

/** Gives endpoint `id` a new secret, the old one valid for `SECRET_OVERLAP_MS` more. */
export async function rotateEndpointSecret(store: Store, id: string, now = Date.now()) {
  const endpoint = await store.webhooks.rotateSecret(id, SECRET_OVERLAP_MS, now);
  if (!endpoint) throw notFound("endpoint", id, "id");
  return endpointWithSecret(endpoint);
}

/** Deletes endpoint `id` and its pending and past deliveries. */
export async function deleteEndpoint(store: Store, id: string) {
  if (!(await store.webhooks.deleteEndpoint(id))) throw notFound("endpoint", id, "id");
  return { id, deleted: true };
}
