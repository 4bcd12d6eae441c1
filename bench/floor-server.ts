// The server floor: a bare node:http server answering every GET and POST with a fixed JSON body
// of a given size (GETs under /embed/ with the checkout page's), without routing, validation or
// storage. Prints its origin once listening.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A JSON object of exactly `size` bytes. */
export function fixedJson(size: number): Buffer {
  const shell = '{"padding":""}';
  return Buffer.from(`{"padding":"${"x".repeat(Math.max(size - shell.length, 0))}"}`);
}

const getBody = fixedJson(Number(process.env.FLOOR_GET_BYTES));
const postBody = fixedJson(Number(process.env.FLOOR_POST_BYTES));
const shellBody = fixedJson(Number(process.env.FLOOR_SHELL_BYTES));

const server = createServer((request, response) => {
  const body =
    request.method === "POST" ? postBody : request.url?.startsWith("/embed/") ? shellBody : getBody;
  const status = request.method === "POST" ? 201 : 200;
  // A POST's body is read in full before answering, as any real handler must.
  request.resume();
  request.on("end", () => {
    response.writeHead(status, {
      "Content-Type": "application/json",
      "Content-Length": String(body.length),
    });
    response.end(body);
  });
});

server.listen(0, "127.0.0.1", () => {
  console.log(`Floor origin: http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
