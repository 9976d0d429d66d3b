/**
 * Where the pool's workers come from: Node's worker_threads (also Deno's and
 * Bun's), or Web Workers in a cross-origin isolated page. The pool itself
 * (./pool.ts) knows only this interface.
 */
import { nodeWorkerSource, webWorkerSource, type WorkerData, type WorkerMessage } from './worker.js';

/** What the pool needs of a worker, on either platform. */
export interface WorkerHandle {
  /** Ends the worker; settles once it has ended. */
  terminate(): Promise<void>;
  /** Node: the worker keeps the process alive (ref) or not (unref); nothing elsewhere. */
  ref(): void;
  unref(): void;
}

export interface Platform {
  readonly name: 'node' | 'web';
  spawn(data: WorkerData, onMessage: (m: WorkerMessage) => void, onDeath: (reason: string) => void): WorkerHandle;
  defaultThreads(): number;
}

interface NodeWorker {
  on(event: 'message', listener: (message: WorkerMessage) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
}

interface NodeWorkerThreads {
  Worker: new (source: string, options: { eval: true; workerData: WorkerData; name?: string }) => NodeWorker;
}

function getBuiltin<T>(id: string): T | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return typeof process?.getBuiltinModule === 'function' ? (process.getBuiltinModule(id) as T | undefined) : undefined;
}

function nodePlatform(threads: NodeWorkerThreads): Platform {
  const source = nodeWorkerSource();
  return {
    name: 'node',
    spawn(data, onMessage, onDeath) {
      const worker = new threads.Worker(source, { eval: true, workerData: data, name: `sigmoid-wasm pool ${data.index}` });
      worker.on('message', onMessage);
      worker.on('error', (error) => onDeath(`threw ${String(error)}`));
      worker.on('exit', (code) => onDeath(`exited with code ${code}`));
      return {
        terminate: () => worker.terminate().then(
          () => undefined,
          () => undefined,
        ),
        ref: () => worker.ref(),
        unref: () => worker.unref(),
      };
    },
    defaultThreads() {
      const os = getBuiltin<{ availableParallelism?: () => number; cpus: () => unknown[] }>('node:os');
      return os === undefined ? 1 : (os.availableParallelism?.() ?? os.cpus().length);
    },
  };
}

function webPlatform(): Platform {
  let url: string | undefined;
  return {
    name: 'web',
    spawn(data, onMessage, onDeath) {
      url ??= URL.createObjectURL(new Blob([webWorkerSource()], { type: 'text/javascript' }));
      const worker = new Worker(url, { name: `sigmoid-wasm pool ${data.index}` });
      worker.onmessage = (event: MessageEvent<WorkerMessage>) => onMessage(event.data);
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        // A worker that could not load (a Content-Security-Policy without worker-src blob:) fires an error without a message.
        onDeath(event.message ? `threw ${event.message}` : 'failed to load (a Content-Security-Policy must allow worker-src blob:)');
      };
      worker.onmessageerror = () => onDeath('could not receive its start message');
      worker.postMessage(data);
      return {
        terminate: () => {
          worker.terminate();
          return Promise.resolve();
        },
        ref: () => {},
        unref: () => {},
      };
    },
    defaultThreads() {
      return typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1;
    },
  };
}

/**
 * This engine's platform. Node (and Deno and Bun, which have
 * node:worker_threads) run workers from source text; browsers from a Blob
 * URL, and only when cross-origin isolated.
 *
 * @throws {Error} where there are no workers, or in a page that is not cross-origin isolated.
 */
export function detectPlatform(): Platform {
  const threads = getBuiltin<NodeWorkerThreads>('node:worker_threads');
  if (threads !== undefined) return nodePlatform(threads);
  if (typeof Worker !== 'function') throw new Error('createPool: this engine has neither node:worker_threads nor Web Workers');
  if (typeof SharedArrayBuffer !== 'function' || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== true) {
    throw new Error(
      'createPool: the page is not cross-origin isolated (crossOriginIsolated is false), so it cannot share wasm memory with workers: ' +
        'serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp (or credentialless)',
    );
  }
  return webPlatform();
}
