import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { loadServerSecret, parseSecret } from "../../src/server/secret.ts";

/** Loads the secret of `file` in a process of its own and answers it in hex. */
const loadInProcess = async (file: string) => {
  const module = resolve("src/server/secret.ts");
  const script = `import { loadServerSecret } from ${JSON.stringify(module)};
process.stdout.write(loadServerSecret(undefined, process.argv[1]).toString("hex"));`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "--eval", script, file],
    { timeout: 20_000 },
  );
  return stdout;
};

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "secret-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("server secret", () => {
  it("takes a configured secret of at least 32 bytes, as hex or base64", () => {
    expect(parseSecret("ab".repeat(32))).toEqual(Buffer.alloc(32, 0xab));
    expect(parseSecret(Buffer.alloc(32, 1).toString("base64"))).toEqual(Buffer.alloc(32, 1));
    expect(parseSecret("ab".repeat(31))).toBeNull();
    expect(() => loadServerSecret("too-short", join(tempDir(), "s"))).toThrow(
      "SERVER_SECRET must be at least 32 bytes, as hex or base64",
    );
  });

  it("without one, makes a random secret once, owner-only, and reads it back", () => {
    const file = join(tempDir(), "nested", "server-secret");
    const first = loadServerSecret(undefined, file);
    expect(first.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, "..")).mode & 0o777).toBe(0o700);
    expect(loadServerSecret(undefined, file)).toEqual(first);
    expect(readFileSync(file, "utf8").trim()).toBe(first.toString("hex"));
    // Another platform's file gets another secret.
    expect(loadServerSecret(undefined, join(tempDir(), "s"))).not.toEqual(first);
  });

  it("gives processes starting at once one secret, never a file half written", async () => {
    const dir = tempDir();
    const file = join(dir, "server-secret");
    const secrets = await Promise.all(Array.from({ length: 6 }, () => loadInProcess(file)));
    expect(secrets[0]).toMatch(/^[\da-f]{64}$/);
    expect(new Set(secrets)).toEqual(new Set([secrets[0]]));
    expect(readFileSync(file, "utf8").trim()).toBe(secrets[0]);
    // Each process's draft is gone, linked into place or not.
    expect(readdirSync(dir)).toEqual(["server-secret"]);
  }, 30_000);

  it("refuses a secret file it cannot use rather than replacing it", () => {
    const file = join(tempDir(), "server-secret");
    writeFileSync(file, "nope");
    expect(() => loadServerSecret(undefined, file)).toThrow("does not hold a server secret");
  });
});
