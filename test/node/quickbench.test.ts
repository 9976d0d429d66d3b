// The quick benchmark: the shape of its result only. Timing is never asserted
// (a shared machine, maybe a benchmark running next to us); the sizes and the
// budget are tiny so this takes a fraction of a second.
import { describe, expect, it } from 'vitest';

import { createKernel } from '../../src/index.js';
import { formatQuickBenchmark, quickBenchmark, type QuickBenchmarkOptions, type QuickBenchmarkSize } from '../../src/quickbench.js';

const tiny = { sizes: [7, 1000], rounds: 3, timeBudgetMs: 5 } as const;

describe('quickBenchmark', () => {
  it('reports every candidate at every size, with ratios against the plain JS loop', async () => {
    const seen: number[] = [];
    const result = await quickBenchmark({ ...tiny, sizes: [...tiny.sizes], onSize: (s: QuickBenchmarkSize) => seen.push(s.size) });
    expect(result.dtype).toBe('float32');
    expect(typeof result.simd).toBe('boolean');
    expect(result.environment).toMatch(/^Node\.js v\d+/);
    expect(result.sizes.map((s) => s.size)).toEqual([7, 1000]);
    expect(seen).toEqual([7, 1000]);
    for (const s of result.sizes) {
      expect(s.rounds).toBeGreaterThanOrEqual(1);
      expect(s.rounds).toBeLessThanOrEqual(3);
      expect(s.candidates.map((c) => c.id)).toEqual(['js', 'wasm', 'wasmZeroCopy']);
      expect(s.candidates[0]!.name).toBe('plain JS loop');
      expect(s.candidates[0]!.ratio).toBe(1);
      for (const c of s.candidates) {
        for (const v of [c.mElementsPerSecond, c.ratio, c.medianMs]) {
          expect(Number.isFinite(v) && v > 0).toBe(true);
        }
      }
      for (const r of Object.values(s.repeats)) expect(Number.isInteger(r) && r >= 1).toBe(true);
    }
    expect(Number.isFinite(result.checksum)).toBe(true);
    expect(result.totalMs).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result); // plain data, for --json and pages

    const text = formatQuickBenchmark(result);
    expect(text.split('\n')[0]).toMatch(/^float32 sigmoid, fast tier, (relaxed-SIMD|SIMD|scalar) build, Node\.js/);
    expect(text).toContain('plain JS loop');
    expect(text).toContain('sigmoid-wasm, zero-copy');
    expect(text.split('\n')).toHaveLength(2 + 2 * 3 + 1);
  });

  it('measures the kernel it is given (the scalar build)', async () => {
    const result = await quickBenchmark({ sizes: [64], rounds: 1, timeBudgetMs: 0, kernel: createKernel({ simd: false }) });
    expect(result.simd).toBe(false);
    expect(result.sizes[0]!.rounds).toBe(1);
  });

  it('rejects bad options', async () => {
    const bad = (o: unknown): Promise<unknown> => quickBenchmark(o as QuickBenchmarkOptions);
    await expect(bad({ sizes: [] })).rejects.toThrow(RangeError);
    await expect(bad({ sizes: [0] })).rejects.toThrow(RangeError);
    await expect(bad({ sizes: [1.5] })).rejects.toThrow(RangeError);
    await expect(bad({ sizes: [1e8] })).rejects.toThrow(RangeError);
    await expect(bad({ sizes: ['1000'] })).rejects.toThrow(TypeError);
    await expect(bad({ sizes: 1000 })).rejects.toThrow(TypeError);
    await expect(bad({ rounds: 0 })).rejects.toThrow(RangeError);
    await expect(bad({ timeBudgetMs: -1 })).rejects.toThrow(RangeError);
    await expect(bad({ timeBudgetMs: '1s' })).rejects.toThrow(TypeError);
    await expect(bad({ kernel: {} })).rejects.toThrow(TypeError);
    await expect(bad({ budget: 10 })).rejects.toThrow(/unknown option 'budget'/);
    await expect(bad(null)).rejects.toThrow(TypeError);
  });
});
