import { Worker } from "node:worker_threads";
import type { Store } from "./interface.ts";
import { memoryRateCounter } from "./sqlite.ts";
import {
  receiveError,
  type ThreadReady,
  type ThreadReply,
  type ThreadRequest,
} from "./thread-messages.ts";
import { THREAD_STOPPED } from "./unavailable.ts";

/** The store's repositories: calls on them name the repository too (`["webhooks", "claim"]`). */
const REPOSITORIES = [
  "promos",
  "entries",
  "webhooks",
  "receipts",
  "apiKeys",
] as const satisfies readonly (keyof Store)[];

/** Request without its id, which `send` gives it. */
type Unnumbered = ThreadRequest extends infer R
  ? R extends unknown
    ? Omit<R, "id">
    : never
  : never;

/**
 * The embedded SQLite database on a thread of its own (sqlite-worker.ts), for the server: every
 * call is a message to that thread, which runs it on `SqliteStore` there, so SQLite's statements
 * and its commits (the disk's flush included) leave the event loop free to read and answer
 * other requests meanwhile. A payment is one message (`charge`); a `transaction` callback's calls
 * are one each, and its transaction holds the database until it ends, as on the main thread.
 * Rate-limit counters stay in this thread's memory (`memoryRateCounter`): per process, as before.
 */
export class SqliteThreadStore {
  private readonly pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void }
  >();
  private nextId = 1;
  private nextTransaction = 1;
  /** Why the thread can take no more calls (it stopped), once it cannot. */
  private stopped: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on("message", ({ id, value, error }: ThreadReply) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (error) waiting?.reject(receiveError(error));
      else waiting?.resolve(value);
    });
    const stop = (reason: Error) => {
      this.stopped ??= reason;
      for (const waiting of this.pending.values()) waiting.reject(this.stopped);
      this.pending.clear();
    };
    // Every call then fails as the database being unavailable (503), and /healthz says so.
    worker.on("error", (error) => stop(Object.assign(error, { code: THREAD_STOPPED })));
    worker.on("exit", (code) =>
      stop(
        Object.assign(new Error(`The database thread stopped (exit code ${code}).`), {
          code: THREAD_STOPPED,
        }),
      ),
    );
  }

  /** Starts the thread on the database at `path`; resolves once it is open and migrated. */
  static open(path: string): Promise<Store> {
    // The build puts sqlite-worker.js beside the server's bundle (scripts/build-server.mjs), as
    // it does the migrations; the sources (development, tests) load the TypeScript through tsx.
    const fromSources = import.meta.url.endsWith(".ts");
    const script = new URL(
      fromSources ? "./sqlite-worker.ts" : "./sqlite-worker.js",
      import.meta.url,
    );
    const worker = fromSources
      ? new Worker(
          `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`,
          { eval: true, workerData: { path } },
        )
      : new Worker(script, { workerData: { path } });
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      worker.once("error", failed);
      worker.once("message", (ready: ThreadReady) => {
        worker.off("error", failed);
        if (!ready.ready) return reject(receiveError(ready.error));
        resolve(new SqliteThreadStore(worker).bound(null));
      });
    });
  }

  private send(request: Unnumbered): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  /** Runs `work` in a transaction on the thread, `parent`'s savepoint when it is one. */
  private async transaction<T>(work: (tx: Store) => Promise<T>, parent: number | null) {
    const tx = this.nextTransaction++;
    await this.send({ op: "begin", tx, parent });
    let result: T;
    try {
      result = await work(this.bound(tx));
    } catch (error) {
      await this.send({ op: "end", tx, commit: false }).catch(() => {});
      throw error;
    }
    await this.send({ op: "end", tx, commit: true });
    return result;
  }

  /** The `Store` whose calls run in transaction `tx` (null: none). */
  private bound(tx: number | null): Store {
    /** An object whose every method `name` is the thread's `[...prefix, name]`. */
    const remote = (prefix: string[], local: Record<string, unknown> = {}) =>
      new Proxy(local, {
        // Not a thenable (`await store` must give the store), and no symbol is a method.
        get: (own, name) =>
          typeof name !== "string" || name === "then"
            ? undefined
            : Object.hasOwn(own, name)
              ? own[name]
              : (...args: unknown[]) =>
                  this.send({ op: "call", tx, path: [...prefix, name], args }),
      });
    const local: Record<string, unknown> = {
      transaction: <T>(work: (inner: Store) => Promise<T>) => this.transaction(work, tx),
      rateCounter: memoryRateCounter,
      close: () =>
        tx === null
          ? this.send({ op: "close" }).finally(() => this.worker.terminate())
          : Promise.reject(new Error("Close the outer store, not a transaction's.")),
    };
    for (const name of REPOSITORIES) local[name] = remote([name]);
    return remote([], local) as unknown as Store;
  }
}
