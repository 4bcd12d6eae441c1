// The SQLite thread: the one connection, its repositories and its group commit, beside the
// event loop that serves HTTP. sqlite-thread.ts starts it and sends every store call here. The
// requests run as they would on the main thread (`SqliteStore`, its lock and its group commit);
// only their statements and commits no longer hold up the server's other requests.
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "./database.ts";
import type { Store } from "./interface.ts";
import { SqliteStore } from "./sqlite.ts";
import {
  sendError,
  type ThreadReady,
  type ThreadReply,
  type ThreadRequest,
} from "./thread-messages.ts";

const port = parentPort!;
const reply = (message: ThreadReply) => port.postMessage(message);

/** A transaction the main thread has open: its store, and how to end it. */
interface OpenTransaction {
  store: Store;
  end(commit: boolean, replyId: number): void;
}
const transactions = new Map<number, OpenTransaction>();
/** Thrown out of a transaction's callback to roll it back: the main thread's work failed. */
const ROLL_BACK = Symbol("roll back");

function begin(store: Store, { id, tx, parent }: Extract<ThreadRequest, { op: "begin" }>) {
  const base = parent === null ? store : transactions.get(parent)?.store;
  if (!base) return reply({ id, error: sendError(new Error(`No transaction ${parent} is open.`)) });
  let endReply = -1;
  let begun = false;
  base
    .transaction(
      (inner) =>
        new Promise<void>((done, fail) => {
          begun = true;
          transactions.set(tx, {
            store: inner,
            end(commit, replyId) {
              endReply = replyId;
              if (commit) done();
              else fail(ROLL_BACK);
            },
          });
          reply({ id });
        }),
    )
    .then(
      () => reply({ id: endReply }),
      (error) =>
        reply({
          // Failing to open (the database's lock, say) answers `begin`; anything later, `end`.
          id: begun ? endReply : id,
          ...(error === ROLL_BACK ? {} : { error: sendError(error) }),
        }),
    )
    .finally(() => transactions.delete(tx));
}

/** The method `path` names on `target`, bound to its owner. */
function method(target: Store, path: string[]): (...args: unknown[]) => Promise<unknown> {
  const owner = (path.length === 2 ? target[path[0] as keyof Store] : target) as unknown as Record<
    string,
    unknown
  >;
  const found = owner?.[path.at(-1)!];
  if (typeof found !== "function") throw new Error(`The store has no method ${path.join(".")}.`);
  return found.bind(owner);
}

async function call(store: Store, { id, tx, path, args }: Extract<ThreadRequest, { op: "call" }>) {
  try {
    const target = tx === null ? store : transactions.get(tx)?.store;
    if (!target) throw new Error("This transaction has already ended.");
    reply({ id, value: await method(target, path)(...args) });
  } catch (error) {
    reply({ id, error: sendError(error) });
  }
}

let store: Store;
try {
  store = new SqliteStore(openDatabase(workerData.path as string));
  port.postMessage({ ready: true } satisfies ThreadReady);
} catch (error) {
  port.postMessage({ ready: false, error: sendError(error) } satisfies ThreadReady);
  process.exit(1);
}

port.on("message", (request: ThreadRequest) => {
  switch (request.op) {
    case "call":
      return void call(store, request);
    case "begin":
      return begin(store, request);
    case "end": {
      const open = transactions.get(request.tx);
      if (open) return open.end(request.commit, request.id);
      return reply({ id: request.id, error: sendError(new Error("This transaction has ended.")) });
    }
    case "close":
      return void store.close().then(
        () => reply({ id: request.id }),
        (error) => reply({ id: request.id, error: sendError(error) }),
      );
  }
});
