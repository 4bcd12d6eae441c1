import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface MailServer {
  /** SMTP_URL for it, with `from` as the sender's address. */
  url: string;
  port: number;
  /** Every message accepted, parsed, in order, with the envelope's recipients. */
  messages: (ParsedMail & { recipients: string[] })[];
  /** Resolves once `count` messages arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<MailServer["messages"]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a loopback port (`port`, or a free one), accepting every message
 * without authentication or TLS, as a local mail catcher does. Messages are parsed with
 * mailparser, the way a mail client reads them.
 */
export async function startMailServer(
  port = 0,
  from = "receipts@shop.example",
): Promise<MailServer> {
  const messages: MailServer["messages"] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push({
            ...parsed,
            recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const bound = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${bound}?from=${from}`,
    port: bound,
    messages,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`${messages.length} of ${count} messages arrived in ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
