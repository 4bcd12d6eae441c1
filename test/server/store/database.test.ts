import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/server/store/database.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "database-"));
  dirs.push(dir);
  return dir;
};
const mode = (path: string) => statSync(path).mode & 0o777;

/** SQLite's temporary files this process holds open (it unlinks them as it opens them). */
const openTempFiles = () =>
  readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).includes("etilqs_");
    } catch {
      return false; // closed meanwhile (the directory's own descriptor)
    }
  }).length;

describe("openDatabase", () => {
  it("creates the folder 0700 and the database, -wal and -shm files 0600", () => {
    const folder = join(tempDir(), "data");
    const path = join(folder, "checkout.db");
    const db = openDatabase(path);
    db.prepare("INSERT INTO companies (id, title) VALUES ('biz_1', 'Co')").run();
    expect(mode(folder)).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(mode(file), file).toBe(0o600);
    db.close();
  });

  it("tightens the files an older version left readable by everyone", () => {
    const path = join(tempDir(), "checkout.db");
    openDatabase(path).close();
    chmodSync(path, 0o644);
    writeFileSync(`${path}-wal`, "");
    chmodSync(`${path}-wal`, 0o644);
    const db = openDatabase(path);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(mode(file), file).toBe(0o600);
    db.close();
  });

  it.runIf(process.platform === "linux")(
    "keeps a savepoint's journal in memory, not in a temporary file",
    () => {
      const db = openDatabase(join(tempDir(), "checkout.db"));
      const insert = db.prepare("INSERT INTO companies (id, title) VALUES (?, ?)");
      db.transaction(() => {
        for (let i = 0; i < 2000; i++) insert.run(`biz_${i}`, "Co".repeat(100));
      })();
      // Past 64 KiB of changed pages, SQLite moves a journal it keeps to a file: a payment's
      // savepoint changes about that much, and this one a hundred pages.
      const changeInSavepoint = () => {
        db.exec("BEGIN IMMEDIATE; SAVEPOINT member");
        db.exec("UPDATE companies SET title = title || '.'");
        const files = openTempFiles();
        db.exec("RELEASE member; ROLLBACK");
        return files;
      };
      expect(changeInSavepoint()).toBe(0);
      // The check itself: with SQLite's default, the same savepoint opens a file.
      db.pragma("temp_store = FILE");
      expect(changeInSavepoint()).toBeGreaterThan(0);
      db.close();
    },
  );
});
