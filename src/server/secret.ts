/**
 * The server secret keys the payment fingerprints (payments/fingerprint.ts). It must never be
 * in the database, or a copy of the database would carry its own key. Every instance of one
 * platform needs the same secret: set `SERVER_SECRET` (at least 32 bytes, hex or base64) in
 * production; without it, a random one is made once and kept in a file readable only by the
 * server's user, beside the SQLite database.
 */
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";

const MIN_SECRET_BYTES = 32;

/** What a configured secret must be, as error messages say it. */
export const SECRET_RULE = `at least ${MIN_SECRET_BYTES} bytes, as hex or base64 (e.g. \`openssl rand -hex 32\`)`;

/** The secret from its configured text: 64+ hex digits or 44+ base64 characters. */
export function parseSecret(text: string): Buffer | null {
  const trimmed = text.trim();
  const bytes = /^[\da-f]+$/i.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : Buffer.from(trimmed, "base64");
  return bytes.length >= MIN_SECRET_BYTES ? bytes : null;
}

/** The configured secret, else the one kept in `file` (created owner-only on first use). */
export function loadServerSecret(configured: string | undefined, file: string): Buffer {
  if (configured) {
    const secret = parseSecret(configured);
    if (!secret) {
      throw new Error(`SERVER_SECRET must be ${SECRET_RULE}.`);
    }
    return secret;
  }
  if (existsSync(file)) {
    const secret = parseSecret(readFileSync(file, "utf8"));
    if (!secret) throw new Error(`${file} does not hold a server secret; delete it to make one.`);
    return secret;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(MIN_SECRET_BYTES);
  // Written whole under a name of its own, then linked into place: processes starting at once
  // (WORKERS) must neither each keep a secret of their own nor read the file half written.
  // The link fails if another process linked its file first, and this one then reads that.
  const draft = `${file}.${process.pid}.${randomBytes(6).toString("hex")}`;
  writeFileSync(draft, `${secret.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  try {
    chmodSync(draft, 0o600);
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      return loadServerSecret(undefined, file);
    throw error;
  } finally {
    unlinkSync(draft);
  }
  return secret;
}

/** Where the server keeps its generated secret: beside the database, never inside it. */
export const secretFileBeside = (databasePath: string) =>
  join(dirname(databasePath), "server-secret");
