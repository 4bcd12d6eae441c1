import { buildServer } from "../../scripts/build-server.mjs";

/** Vitest global setup: tests that start the server run the compiled one, built fresh here. */
export default async function setup() {
  await buildServer();
}
