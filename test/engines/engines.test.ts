// Runs every buyer journey in every engine; a failure's name starts with the engine's.
import { afterAll, beforeAll, describe, test } from "vitest";
import { Browser, ENGINES } from "./driver.ts";
import { journeys } from "./journeys.ts";

describe.each(ENGINES)("%s", (engine) => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await Browser.launch(engine);
  });
  afterAll(() => browser?.close());
  for (const [name, journey] of Object.entries(journeys)) {
    test(name, () => journey(browser));
  }
});
