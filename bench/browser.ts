import { type Browser, chromium } from "@playwright/test";
import config, { chromiumPath } from "../playwright.config.ts";

/**
 * Chromium with the same flags as the end-to-end tests, plus a resolver rule that fails every
 * host name except the two loopback names: requests anywhere else are aborted inside the
 * browser (ERR_NAME_NOT_RESOLVED) without routing every loopback request through Playwright,
 * which would add its own latency to the timings.
 */
export function launchBrowser(): Promise<Browser> {
  const args = config.use?.launchOptions?.args ?? [];
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      ...args,
      "--no-proxy-server",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    ],
  });
}

export const isLoopback = (url: string) =>
  /^(https?|wss?):\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(url) ||
  /^(data|blob|about|chrome-error):/.test(url);
