import type { Statement } from "better-sqlite3";
import type { Db } from "./database.ts";

/** The most transactions one commit carries, which bounds how long any of them waits for it. */
const MAX_GROUP = 256;

interface Member {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit for one SQLite connection: transactions that finish in the same turn of the
 * event loop share one durable COMMIT (one fsync) instead of paying for one each, which is what
 * bounds durable payments per second. Each transaction runs as a savepoint inside the open
 * group, so a failing one rolls back alone; none is reported as done until the group's COMMIT
 * has returned, so every acknowledged write is on disk (`synchronous = FULL` stays).
 *
 * The caller serialises every use (the store's lock): `join` and `flush` never overlap, and
 * anything else run on the connection calls `flush` first, so no read ever sees rows whose
 * commit has not happened.
 */
export class GroupCommit {
  private members: Member[] = [];
  private scheduled = false;

  /** Transaction control, compiled once: `exec` parses its text on every call. */
  private readonly sql: Record<"begin" | "savepoint" | "release" | "commit", Statement>;

  constructor(
    private readonly db: Db,
    /** Runs the scheduled flush in turn with everything else (the store's lock). */
    private readonly inTurn: (work: () => void) => Promise<void>,
  ) {
    this.sql = {
      begin: db.prepare("BEGIN IMMEDIATE"),
      savepoint: db.prepare("SAVEPOINT member"),
      release: db.prepare("RELEASE member"),
      commit: db.prepare("COMMIT"),
    };
  }

  /**
   * Runs `work` as a savepoint of the open group (opening one when none is), then waits for the
   * group's commit. A failure rolls back `work` alone and is thrown at once.
   */
  async join<T>(work: () => Promise<T>): Promise<{ result: T; committed: Promise<void> }> {
    if (this.members.length > 0 && !this.db.inTransaction) {
      // SQLite rolled the whole group back by itself (a disk or I/O error): none of it stands.
      this.settle(new Error("The database rolled the transaction back."));
    }
    if (!this.db.inTransaction) this.sql.begin.run();
    this.sql.savepoint.run();
    let result: T;
    try {
      result = await work();
      this.sql.release.run();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK TO member; RELEASE member");
      if (this.members.length === 0 && this.db.inTransaction) this.db.exec("ROLLBACK");
      throw error;
    }
    const committed = new Promise<void>((resolve, reject) => {
      this.members.push({ resolve, reject });
    });
    if (this.members.length >= MAX_GROUP) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      // After the I/O callbacks of this turn: requests parsed in it join the same commit.
      setImmediate(() => {
        this.scheduled = false;
        void this.inTurn(() => this.flush());
      });
    }
    return { result, committed };
  }

  /** Commits the open group, if any, and tells its members how it went. */
  flush(): void {
    if (this.members.length === 0) return;
    try {
      if (!this.db.inTransaction) throw new Error("The database rolled the transaction back.");
      this.sql.commit.run();
      this.settle(null);
    } catch (error) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      this.settle(error);
    }
  }

  private settle(error: unknown): void {
    const members = this.members;
    this.members = [];
    for (const member of members) {
      if (error) member.reject(error);
      else member.resolve();
    }
  }
}
