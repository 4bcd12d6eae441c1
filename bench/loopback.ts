import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

interface Resource {
  body: string | Buffer;
  type: string;
  status?: number;
}

export interface LoopbackServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * A throwaway HTTP server on 127.0.0.1 with a free port. `hostname` picks how the browser
 * names it: `localhost` and `127.0.0.1` are different sites, so a page on one and a script or
 * frame on the other cross a real site boundary (and get their own renderer process).
 */
export async function serveLoopback(
  hostname: "localhost" | "127.0.0.1",
  resolve: (url: URL) => Resource | undefined,
): Promise<LoopbackServer> {
  const server = createServer((request, response) => {
    const found = resolve(new URL(request.url ?? "/", "http://loopback"));
    if (!found) {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("Not found");
      return;
    }
    response.writeHead(found.status ?? 200, {
      "Content-Type": found.type,
      "Cache-Control": "no-store",
      "Access-Control-Allow-Origin": "*",
    });
    response.end(found.body);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    origin: `http://${hostname}:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export const html = (body: string): Resource => ({ body, type: "text/html; charset=utf-8" });
export const javascript = (body: string | Buffer): Resource => ({
  body,
  type: "text/javascript; charset=utf-8",
});
