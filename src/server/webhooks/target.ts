/**
 * Where webhooks may go. A merchant names the URL, but the platform's servers make the request,
 * so an unchecked URL would let anyone with an API key reach the platform's own network
 * (loopback services, the cloud metadata address, private ranges) and read the answers in the
 * delivery log. Only public unicast addresses are allowed unless the operator opts in for local
 * development. The check runs when an endpoint is saved and again at delivery time on the
 * address the connection actually uses, since DNS can change between the two.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/** True for an address on the public internet: not loopback, private, link-local, reserved… */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  // ::ffff:127.0.0.1 is 127.0.0.1 on the wire.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === "unicast";
}

/** The host of a URL without IPv6 brackets: `http://[::1]/` → `::1`. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1");

/**
 * Why a webhook URL may not be saved, or null when it may. Names that resolve are checked on
 * every address they resolve to; a name that does not resolve yet is accepted (it is checked
 * again at delivery).
 */
export async function refusedTarget(
  rawUrl: string,
  allowPrivate: boolean,
  lookupAll: (host: string) => Promise<string[]> = resolveAll,
): Promise<string | null> {
  if (allowPrivate) return null;
  const host = hostOf(new URL(rawUrl));
  const addresses = isIP(host) ? [host] : await lookupAll(host).catch(() => []);
  const blocked = addresses.find((address) => !isPublicAddress(address));
  return blocked === undefined
    ? null
    : `url must reach a public address; ${host === blocked ? `${host} is` : `${host} resolves to ${blocked}, which is`} private, loopback or reserved.`;
}

const resolveAll = (host: string) =>
  new Promise<string[]>((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, found: LookupAddress[]) =>
      error ? reject(error) : resolve(found.map((entry) => entry.address)),
    ),
  );

/** A DNS lookup for outgoing connections that fails on any non-public address. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, found: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const blocked = found.find((entry) => !isPublicAddress(entry.address));
    if (blocked) {
      return callback(
        new Error(`${hostname} resolves to ${blocked.address}, which is not a public address`),
        "",
        0,
      );
    }
    if (options.all) return (callback as unknown as AllCallback)(null, found);
    callback(null, found[0]!.address, found[0]!.family);
  });
};
type AllCallback = (error: Error | null, addresses: LookupAddress[]) => void;

interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
}

/**
 * POSTs one delivery and resolves with the receiver's status code. Redirects are not followed
 * (a 3xx is an answer, not an invitation to go elsewhere), and the answer's body is discarded.
 */
export function postWebhook({ url, headers, body, timeoutMs, allowPrivate }: WebhookPost) {
  return new Promise<number>((resolve, reject) => {
    const target = new URL(url);
    const host = hostOf(target);
    if (!allowPrivate && isIP(host) && !isPublicAddress(host)) {
      reject(new Error(`${host} is not a public address`));
      return;
    }
    const options: RequestOptions = {
      method: "POST",
      headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
      ...(allowPrivate ? {} : { lookup: publicOnlyLookup }),
    };
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send(target, options, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    const timer = setTimeout(
      () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    request.on("close", () => clearTimeout(timer));
    request.on("error", reject);
    request.end(body);
  });
}
