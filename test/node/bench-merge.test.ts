// How a run of the engine matrix is folded into bench/engines.json
// (bench/report.mjs: mergeRuns) and printed (summaryLines). A run with the
// default sizes and rounds is the only one that writes the file, and it takes
// the better part of an hour, so the merge is checked here on small records:
// a run of some functions (--fn, --family) replaces those functions' rows in
// the engines it ran and nothing else.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Row { n: number; id: string; op: string; dtype: string; impl: string; vsPlainJs?: { median: number; min: number; max: number } | null; vsSigmoid?: { median: number; min: number; max: number } | null; vsTfjsKernel?: { median: number; min: number; max: number } | null; sameAs?: string; measuredIn?: string }
interface Part { date: string; version: string; sizes: number[]; dtypes: string[]; rounds: number; seconds: number; checksum: number; ops: string[]; environment?: unknown }
interface Engine { name: string; label: string; version: string; date: string; ops: string[]; parts: Part[]; results: Row[] }
interface Matrix { environment: Record<string, unknown>; method: Record<string, unknown>; engines: Engine[] }
interface Run { name: string; label: string; version: string; date: string; ops: string[]; rounds: number; seconds: number; checksum: number; results: Row[]; simd?: boolean; relaxed?: boolean }
interface Report {
  mergeRuns(old: Matrix | null, runs: Run[], options: { environment: Record<string, unknown>; method: Record<string, unknown>; order: string[]; all: boolean }): Matrix;
  summaryLines(runs: Run[]): string[];
}

let report: Report;
beforeAll(async () => {
  report = (await import(pathToFileURL(join(root, 'bench', 'report.mjs')).href)) as Report;
});

const ratio = (median: number) => ({ median, min: median, max: median });
/** A run's rows of some functions: the plain loop and the fast zero-copy row, float32, at each size; `tag` marks which run made them. */
function rows(ops: string[], sizes: number[], tag: string): Row[] {
  return sizes.flatMap((n) => ops.flatMap((op) => [
    { n, id: `js:${op}:float32`, op, dtype: 'float32', impl: 'js', vsPlainJs: ratio(1), measuredIn: tag },
    { n, id: `zero:${op}:float32`, op, dtype: 'float32', impl: 'zero', vsPlainJs: ratio(n / 100), vsSigmoid: ratio(0.5), measuredIn: tag },
  ]));
}
const part = (ops: string[], date: string, sizes = [100, 10000]): Part => ({ date, version: '1', sizes, dtypes: ['float32'], rounds: 5, seconds: 10, checksum: 1, ops });
const environment = { cpu: 'test cpu', cores: 2, memoryGiB: 1, packages: { tinybench: '1' }, date: '2030-01-02' };
const method = { sizes: [100, 10000], rounds: 5, ops: ['sigmoid', 'sigmoidDerivative', 'tanh', 'silu'] };
const order = ['node24', 'deno', 'chromium'];

/** The committed file, in small: two engines, each measured in two runs. */
function committed(): Matrix {
  const engine = (name: string): Engine => ({
    name,
    label: name,
    version: '1',
    date: '2030-01-01',
    ops: ['sigmoid', 'sigmoidDerivative', 'silu', 'tanh'],
    parts: [part(['sigmoid', 'sigmoidDerivative'], '2029-12-31'), part(['silu', 'tanh'], '2030-01-01')],
    results: [...rows(['sigmoid', 'sigmoidDerivative'], [100, 10000], 'old A'), ...rows(['silu', 'tanh'], [100, 10000], 'old B')],
  });
  return { environment: { ...environment, date: '2030-01-01' }, method, engines: [engine('chromium'), engine('node24')] };
}

function run(name: string, ops: string[], tag: string): Run {
  return { name, label: name, version: '2', date: '2030-01-02', ops, rounds: 5, seconds: 3, checksum: 7, simd: true, relaxed: true, results: rows(ops, [100, 10000], tag) };
}

const madeBy = (e: Engine, op: string) => [...new Set(e.results.filter((q) => q.op === op).map((q) => q.measuredIn))];

describe('mergeRuns', () => {
  it('with --fn, replaces only the functions measured, in the engines run', () => {
    const old = committed();
    const merged = report.mergeRuns(old, [run('node24', ['sigmoid', 'tanh'], 'new')], { environment, method, order, all: false });
    const node = merged.engines.find((e) => e.name === 'node24')!;
    expect(madeBy(node, 'sigmoid')).toEqual(['new']);
    expect(madeBy(node, 'tanh')).toEqual(['new']);
    expect(madeBy(node, 'sigmoidDerivative')).toEqual(['old A']);
    expect(madeBy(node, 'silu')).toEqual(['old B']);
    expect(node.results).toHaveLength(old.engines[1]!.results.length);
    // The parts: the old ones without the functions measured again, then the new run's.
    expect(node.parts.map((p) => [p.date, p.ops])).toEqual([
      ['2029-12-31', ['sigmoidDerivative']],
      ['2030-01-01', ['silu']],
      ['2030-01-02', ['sigmoid', 'tanh']],
    ]);
    expect(node.parts[2]).toMatchObject({ version: '2', sizes: [100, 10000], dtypes: ['float32'], rounds: 5, seconds: 3, checksum: 7 });
    expect(node.ops).toEqual(['sigmoid', 'sigmoidDerivative', 'silu', 'tanh']);
    expect(node.version).toBe('2');
    // The engine not run is left as it was; the engines in the given order.
    expect(merged.engines.find((e) => e.name === 'chromium')).toEqual(old.engines[0]);
    expect(merged.engines.map((e) => e.name)).toEqual(['node24', 'chromium']);
    expect(merged.method).toBe(method);
  });

  it("replaces a row function's other row lengths (softmax@32768) with its name, never keeping two of a row", () => {
    const old = committed();
    const node = old.engines[1]!;
    node.ops.push('softmax');
    node.parts.push(part(['softmax'], '2030-01-01'));
    node.results.push(...rows(['softmax', 'softmax@32768'], [100, 10000], 'old C'));
    const fresh = run('node24', ['softmax'], 'new');
    fresh.results = rows(['softmax', 'softmax@32768'], [100, 10000], 'new');
    const merged = report.mergeRuns(old, [fresh], { environment, method, order, all: false }).engines.find((e) => e.name === 'node24')!;
    expect(madeBy(merged, 'softmax')).toEqual(['new']);
    expect(madeBy(merged, 'softmax@32768')).toEqual(['new']);
    expect(merged.results.filter((q) => q.op === 'softmax@32768')).toHaveLength(4);
    expect(madeBy(merged, 'sigmoid')).toEqual(['old A']);
  });

  it('drops a part whose functions were all measured again', () => {
    const merged = report.mergeRuns(committed(), [run('node24', ['sigmoid', 'sigmoidDerivative'], 'new')], { environment, method, order, all: false });
    const node = merged.engines.find((e) => e.name === 'node24')!;
    expect(node.parts.map((p) => p.ops)).toEqual([['silu', 'tanh'], ['sigmoid', 'sigmoidDerivative']]);
  });

  it('with every function measured, an engine is its run alone; a new engine takes its place in the order', () => {
    const merged = report.mergeRuns(committed(), [run('node24', ['sigmoid', 'tanh'], 'new'), run('deno', ['sigmoid'], 'deno')], { environment, method, order, all: true });
    expect(merged.engines.map((e) => e.name)).toEqual(['node24', 'deno', 'chromium']);
    const node = merged.engines[0]!;
    expect(node.parts).toHaveLength(1);
    expect(new Set(node.results.map((q) => q.measuredIn))).toEqual(new Set(['new']));
    expect(node.ops).toEqual(['sigmoid', 'tanh']);
  });

  it('keeps the environment of rows measured elsewhere with their parts', () => {
    const other = { ...environment, cpu: 'another cpu' };
    const merged = report.mergeRuns(committed(), [run('node24', ['sigmoid'], 'new')], { environment: other, method, order, all: false });
    expect(merged.environment).toBe(other);
    const node = merged.engines.find((e) => e.name === 'node24')!;
    expect(node.parts.slice(0, 2).map((p) => (p.environment as { cpu: string } | undefined)?.cpu)).toEqual(['test cpu', 'test cpu']);
    expect(node.parts[2]!.environment).toBeUndefined();
    expect(merged.engines.find((e) => e.name === 'chromium')!.parts.every((p) => (p.environment as { cpu: string }).cpu === 'test cpu')).toBe(true);
    // The same machine and packages on another day: nothing to keep.
    const same = report.mergeRuns(committed(), [run('node24', ['sigmoid'], 'new')], { environment, method, order, all: false });
    expect(same.engines.flatMap((e) => e.parts).every((p) => p.environment === undefined)).toBe(true);
  });

  it('refuses a file in the format before the table of operations', () => {
    const old = { ...committed(), engines: [{ ...committed().engines[0]!, family: { results: [] } }] } as unknown as Matrix;
    expect(() => report.mergeRuns(old, [run('node24', ['sigmoid'], 'new')], { environment, method, order, all: false })).toThrow(/format/);
  });
});

describe('summaryLines', () => {
  it("prints each function's ratios at the run's largest size", () => {
    const lines = report.summaryLines([run('node24', ['tanh', 'sigmoid'], 'new')]);
    const text = lines.join('\n');
    expect(text).toContain('n = 10^4');
    const row = (op: string) => lines.find((l) => l.startsWith(`${op} `))!.trim().split(/\s+/);
    // fast/JS at 10^4 is 100x here (10^2 at n = 100); the accurate tier was not measured; the share of the sigmoid 0.5x.
    expect(row('tanh')).toEqual(['tanh', '100.00x', '-', '-', '-', '0.50x', '-']);
    expect(lines.findIndex((l) => l.startsWith('sigmoid '))).toBeLessThan(lines.findIndex((l) => l.startsWith('tanh ')));
  });
});
