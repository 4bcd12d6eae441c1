import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  isPublicAddress,
  postWebhook,
  refusedTarget,
} from "../../../src/server/webhooks/target.ts";

describe("isPublicAddress", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "0.0.0.0",
    "100.64.0.1",
    "255.255.255.255",
    "224.0.0.1",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "not an address",
  ])("refuses %s", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.4.4"])(
    "accepts %s",
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe("refusedTarget", () => {
  const noLookup = () => Promise.reject(new Error("no DNS in this test"));

  it("refuses loopback, link-local, unspecified and private literals, naming the host", async () => {
    for (const url of [
      "http://127.0.0.1:4100/api/v1/plans",
      "http://169.254.169.254/latest/meta-data/",
      "http://0.0.0.0:22/",
      "http://[::1]:8080/",
      "https://10.0.0.7/hooks",
    ]) {
      const host = new URL(url).hostname.replace(/[[\]]/g, "");
      expect(await refusedTarget(url, false, noLookup)).toBe(
        `url must reach a public address; ${host} is private, loopback or reserved.`,
      );
    }
  });

  it("refuses a name that resolves to a private address, and says what it resolved to", async () => {
    const reason = await refusedTarget("https://hooks.example/x", false, async () => [
      "93.184.216.34",
      "127.0.0.1",
    ]);
    expect(reason).toBe(
      "url must reach a public address; hooks.example resolves to 127.0.0.1, which is private, loopback or reserved.",
    );
  });

  it("accepts public literals, public names and names that do not resolve yet", async () => {
    expect(await refusedTarget("https://93.184.216.34/x", false, noLookup)).toBeNull();
    expect(
      await refusedTarget("https://hooks.example/x", false, async () => ["93.184.216.34"]),
    ).toBeNull();
    expect(await refusedTarget("https://later.example/x", false, noLookup)).toBeNull();
  });

  it("accepts anything when private targets are allowed (local development)", async () => {
    expect(await refusedTarget("http://127.0.0.1:9/x", true, noLookup)).toBeNull();
  });
});

describe("postWebhook", () => {
  let server: Server;
  let port: number;
  const received: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        received.push(body);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const post = (url: string, allowPrivate: boolean) =>
    postWebhook({ url, headers: {}, body: '{"ok":true}', timeoutMs: 2_000, allowPrivate });

  it("never connects to a private literal or a name resolving to one, unless allowed", async () => {
    await expect(post(`http://127.0.0.1:${port}/`, false)).rejects.toThrow(
      "127.0.0.1 is not a public address",
    );
    await expect(post(`http://localhost:${port}/`, false)).rejects.toThrow(
      /localhost resolves to .* which is not a public address/,
    );
    expect(received).toEqual([]);
    expect(await post(`http://127.0.0.1:${port}/`, true)).toBe(204);
    expect(received).toEqual(['{"ok":true}']);
  });
});
