import type { Statement } from "better-sqlite3";
import type { Db } from "./database.ts";

/**
 * The most transactions one commit carries. It bounds how long any of them waits for it while
 * requests keep arriving, and it keeps two groups under way at 64 connections: while one
 * commits, the requests answered by the one before come back and fill the next, where a group
 * that took in all 64 left the HTTP thread idle during its commit and the database's idle
 * while its answers went out (docs/deploy.md has the measurements).
 */
export const MAX_GROUP = 32;

interface Member {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit for one SQLite connection: transactions that finish while others are still
 * arriving share one durable COMMIT (one fsync) instead of paying for one each, which is what
 * bounds durable payments per second. The group commits after the first turn of the event loop
 * that brings no new transaction, or once it holds `MAX_GROUP`. Each transaction runs as a
 * savepoint inside the open group, so a failing one rolls back alone; none is reported as done
 * until the group's COMMIT has returned, so every acknowledged write is on disk
 * (`synchronous = FULL` stays).
 *
 * The caller serialises every use (the store's lock): `join` and `flush` never overlap, and
 * anything else run on the connection calls `flush` first, so no read ever sees rows whose
 * commit has not happened.
 */
export class GroupCommit {
  private members: Member[] = [];
  private scheduled = false;
  /** Members joined so far, and as of the last look: the group grows while they differ. */
  private joined = 0;
  private joinedAtLastLook = 0;

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
    this.joined++;
    if (this.members.length >= MAX_GROUP) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.lookAgain);
    }
    return { result, committed };
  }

  /**
   * After the I/O callbacks of a turn of the event loop: while a turn brings new members the
   * group stays open one more turn, so it commits once the requests that were waiting have all
   * joined. Committing after every turn instead cut a burst of requests into groups by when
   * their bytes happened to arrive, and a request that just missed one group waited for two.
   */
  private lookAgain = () => {
    if (this.joined !== this.joinedAtLastLook && this.members.length > 0) {
      this.joinedAtLastLook = this.joined;
      setImmediate(this.lookAgain);
      return;
    }
    this.scheduled = false;
    void this.inTurn(() => this.flush());
  };

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
