/** A first-come, first-served lock for asynchronous work in one process. */
export class AsyncLock {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `work` once every earlier `run` has finished, and before any later one starts. */
  async run<T>(work: () => Promise<T> | T): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}
