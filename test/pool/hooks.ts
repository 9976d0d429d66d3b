// A pool the tests can reach into, made by subclassing PoolImpl through its
// protected extension points (src/pool/pool.ts), so that nothing test-only
// ships in dist/:
// - crashNext(): the next parallel job names a kernel past the modules, so
//   every worker that takes a chunk of it throws (a TypeError instantiating
//   a module that is not there) and dies; the calling thread runs its own
//   chunks as ever;
// - callerIdle: the calling thread takes no chunk, so a job is the workers';
// - failStart: each worker is reported dead before it is ready (as a worker
//   a Content-Security-Policy refuses), its real thread terminated;
// - workers(): the live workers' handles (terminate() one to kill it).
// Used by test/pool/** (Node) and test/browser-isolated/pool.test.ts.
import type { WorkerHandle } from '../../src/pool/platform.js';
import { PoolImpl } from '../../src/pool/pool.js';
import type { WorkerData, WorkerMessage } from '../../src/pool/worker.js';
import type { Plan, RowsPlan } from '../../src/plan.js';
import type { Pool, PoolOptions } from '../../src/types.js';

export class TestPool extends PoolImpl {
  #crash = false;
  /** The calling thread leaves parallel jobs to the workers. */
  callerIdle = false;
  /** Workers die before they are ready (set before the constructor spawns them: see testPool). */
  static failStart = false;

  /** The next parallel job crashes every worker that takes part in it. */
  crashNext(): void {
    this.#crash = true;
  }

  /** The handles of the live workers, by index. */
  workers(): WorkerHandle[] {
    return this.slots.filter((slot) => !slot.dead).map((slot) => slot.handle);
  }

  protected override kernelNumber(plan: Plan | RowsPlan): number {
    if (this.#crash) {
      this.#crash = false;
      return 1_000_000; // past every module: the worker's instantiation throws
    }
    return super.kernelNumber(plan);
  }

  protected override callerTakesChunks(): boolean {
    return !this.callerIdle;
  }

  protected override spawn(data: WorkerData, onMessage: (m: WorkerMessage) => void, onDeath: (reason: string) => void): WorkerHandle {
    const handle = super.spawn(data, onMessage, onDeath);
    if (TestPool.failStart) {
      void handle.terminate();
      queueMicrotask(() => onDeath('threw Error: refused to start (test)'));
    }
    return handle;
  }
}

/** A TestPool, typed as the Pool users get and as itself. */
export function testPool(options: PoolOptions = {}, { failStart = false } = {}): Pool & TestPool {
  TestPool.failStart = failStart;
  try {
    return new TestPool(options) as unknown as Pool & TestPool;
  } finally {
    TestPool.failStart = false;
  }
}
