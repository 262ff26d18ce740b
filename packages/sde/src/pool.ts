import { AbortError, assertInteger, InvalidArgumentError } from "@langevin/core/base";

/**
 * Imports a Node built-in only when called, through a specifier bundlers do not analyse, so that the
 * main entry stays browser-safe (no `node:*` import for Vite/Rollup/esbuild to resolve or shim).
 */
export function importNode<T>(name: string): Promise<T> {
  const specifier = `node:${name}`;
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier) as Promise<T>;
}

type NodeWorker = import("node:worker_threads").Worker;

/** What a pooled worker posts back (tagged with the job id). */
interface WorkerReply {
  id: number;
  type: "progress" | "done" | "error";
  done?: number;
  nodes?: unknown;
  error?: unknown;
}

interface Job {
  id: number;
  task: unknown;
  onProgress: (done: number) => void;
  resolve: (nodes: unknown) => void;
  reject: (e: unknown) => void;
  worker?: NodeWorker;
}

/** A handle on one job given to {@link WorkerPool.run}: `cancel()` stops it with `AbortError`. */
export interface PoolJob {
  /** Resolves with the worker's answer, rejects with its error (or when cancelled). */
  result: Promise<unknown>;
  /** Drops a queued job, or terminates the worker running it (the pool replaces it on demand). */
  cancel(): void;
}

function workerUrl(): URL {
  const here = import.meta.url;
  // Under a TypeScript test runner this file is src/pool.ts; the worker must be the built JS.
  return here.endsWith(".ts") ? new URL("../dist/worker.js", here) : new URL("./worker.js", here);
}

/**
 * A set of `size` persistent worker threads that `solve(ref, { workers: pool })` reuses across
 * solves, so the start-up (thread, module loading) is paid once. Idle workers are `unref()`ed: an
 * idle pool never keeps the process alive. An aborted solve terminates the workers it was using;
 * the pool stays usable and starts replacements when next needed. `close()` terminates every worker
 * (jobs still running reject) and makes the pool refuse new solves.
 * @example
 * await using pool = createWorkerPool(2);
 * const a = await solve(ref, { ...options, workers: pool });
 * const b = await solve(ref, { ...options, seed: 2, workers: pool }); // no start-up cost
 */
export class WorkerPool {
  /** Number of worker threads (a solve hands them four parts each, as they free up). */
  readonly size: number;
  #ctor: Promise<typeof import("node:worker_threads").Worker>;
  #idle: NodeWorker[] = [];
  #all = new Set<NodeWorker>();
  #queue: Job[] = [];
  #jobs = new Map<number, Job>();
  #nextId = 1;
  #closed = false;

  constructor(size: number) {
    assertInteger(size, "workers", 1);
    this.size = size;
    this.#ctor = importNode<typeof import("node:worker_threads")>("worker_threads").then((m) => m.Worker);
    // start the threads now, so that their start-up overlaps whatever the caller does next
    this.#ctor.then(
      (W) => {
        this.#ctorSync = W;
        while (!this.#closed && this.#all.size < this.size) this.#idle.push(this.#spawn(W));
      },
      () => {},
    );
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  #spawn(W: typeof import("node:worker_threads").Worker): NodeWorker {
    const worker = new W(workerUrl(), { workerData: { pool: true } });
    this.#all.add(worker);
    const current = () => [...this.#jobs.values()].find((j) => j.worker === worker);
    worker.on("message", (m: WorkerReply) => {
      const job = this.#jobs.get(m.id);
      if (!job) return;
      if (m.type === "progress") job.onProgress(m.done ?? 0);
      else {
        this.#jobs.delete(job.id);
        job.worker = undefined;
        this.#release(worker);
        if (m.type === "done") job.resolve(m.nodes);
        else job.reject(m.error);
      }
    });
    worker.on("error", (e) => {
      this.#remove(worker);
      const job = current();
      if (job) {
        this.#jobs.delete(job.id);
        job.reject(e);
      }
    });
    worker.on("exit", (code) => {
      this.#remove(worker);
      const job = current();
      if (job) {
        this.#jobs.delete(job.id);
        job.reject(new Error(`sde worker exited with code ${code}`));
      }
      this.#pump();
    });
    // after the listeners: attaching a "message" listener refs the worker's port again, and a
    // thread that never gets a job would then hold the process open
    worker.unref();
    return worker;
  }

  #remove(worker: NodeWorker): void {
    this.#all.delete(worker);
    const i = this.#idle.indexOf(worker);
    if (i >= 0) this.#idle.splice(i, 1);
  }

  #release(worker: NodeWorker): void {
    worker.unref();
    if (!this.#all.has(worker)) return;
    this.#idle.push(worker);
    this.#pump();
  }

  #pump(): void {
    if (this.#closed) return;
    while (this.#queue.length > 0) {
      let worker = this.#idle.shift();
      if (!worker) {
        if (this.#all.size >= this.size) return;
        // a replacement for a terminated worker; the constructor has resolved by now (see run)
        worker = this.#spawn(this.#ctorSync!);
      }
      const job = this.#queue.shift()!;
      job.worker = worker;
      this.#jobs.set(job.id, job);
      worker.ref(); // a busy worker keeps the process alive until it answers
      worker.postMessage({ id: job.id, task: job.task });
    }
  }

  #ctorSync?: typeof import("node:worker_threads").Worker;

  /**
   * Runs one task on the next free worker (internal to `solve`; exposed for custom drivers).
   * `onProgress` receives the number of paths the worker has finished.
   */
  run(task: unknown, onProgress: (done: number) => void = () => {}): PoolJob {
    let job!: Job;
    const result = new Promise<unknown>((resolve, reject) => {
      job = { id: this.#nextId++, task, onProgress, resolve, reject };
    });
    if (this.#closed) {
      job.reject(new InvalidArgumentError("workers", "the worker pool is closed"));
      return { result, cancel: () => {} };
    }
    this.#queue.push(job);
    this.#ctor.then(
      (W) => {
        this.#ctorSync = W;
        this.#pump();
      },
      (e) => job.reject(e),
    );
    const cancel = () => {
      const q = this.#queue.indexOf(job);
      if (q >= 0) this.#queue.splice(q, 1);
      if (this.#jobs.delete(job.id) && job.worker) {
        const w = job.worker;
        job.worker = undefined;
        this.#remove(w);
        void w.terminate();
      }
      job.reject(new AbortError());
    };
    return { result, cancel };
  }

  /** Terminates every worker; running jobs reject, later solves with this pool throw. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const job of this.#queue) job.reject(new Error("the sde worker pool was closed"));
    this.#queue = [];
    for (const job of this.#jobs.values()) job.reject(new Error("the sde worker pool was closed"));
    this.#jobs.clear();
    const all = [...this.#all];
    this.#all.clear();
    this.#idle = [];
    await this.#ctor.catch(() => {});
    // threads spawned by the constructor after close() was called cannot exist (#closed is checked)
    await Promise.all(all.map((w) => w.terminate()));
  }
}

// `Symbol.asyncDispose` (Node ≥ 20.4 at run time; not in the ES2023 lib this package compiles against)
const asyncDispose: symbol =
  (Symbol as unknown as { asyncDispose?: symbol }).asyncDispose ?? Symbol.for("Symbol.asyncDispose");
// `await using pool = createWorkerPool(n)` closes the pool at the end of the scope.
Object.defineProperty(WorkerPool.prototype, asyncDispose, {
  value(this: WorkerPool): Promise<void> {
    return this.close();
  },
  writable: true,
  configurable: true,
});

/**
 * Creates a pool of `n` persistent worker threads to pass as `solve(ref, { workers: pool })`.
 * Results are bit-identical to `workers: n` (and to the main thread). Close it with `close()` or
 * `await using`; an idle pool does not keep the process alive either way.
 * @example
 * const pool = createWorkerPool(2);
 * try {
 *   const r = await solve(ref, { scheme: eulerMaruyama, dt: 0.01, t1: 1, paths: 1e5, seed: 1, workers: pool });
 * } finally {
 *   await pool.close();
 * }
 */
export function createWorkerPool(n: number): WorkerPool {
  return new WorkerPool(n);
}
