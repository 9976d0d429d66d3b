// fast-check's options as every property here uses them: a seed of its own
// (from its name; SIGMOID_WASM_SEED, under Node, replaces it to explore other
// inputs), the failing predicate's message in the report (the inputs, got,
// expected, their bits), and the cases every run starts with.
import type fc from 'fast-check';

/** A seed from a name (the property's), so each property has its own and every rerun reproduces it. */
export function seedOf(name: string): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.SIGMOID_WASM_SEED;
  let h = 2166136261 ^ (env === undefined ? 0 : Number(env) | 0);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return (h >>> 0) % 2 ** 31;
}

/**
 * The options of fc.assert for a property named `name`: the examples, then
 * `numRuns` random runs (fast-check counts the examples among its runs).
 */
export function optionsOf<T>(name: string, numRuns: number, examples: T[] = []): fc.Parameters<T> {
  return { seed: seedOf(name), numRuns: examples.length + numRuns, examples, includeErrorInReport: true };
}
