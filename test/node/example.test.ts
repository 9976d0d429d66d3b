// The ML example (examples/iris-logistic.mjs), run as users run it, short:
// both variants train, and reach the same accuracy; with the softmax output
// (the default: the package's softmaxCrossEntropyWithLogits and its
// gradient on class indices) and with --loss logistic (the package's
// logistic loss).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const example = fileURLToPath(new URL('../../examples/iris-logistic.mjs', import.meta.url));

function runExample(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [example, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** "train accuracy  sigmoid-wasm 95.0%   plain JS 95.0%   (120 samples)" -> [0.95, 0.95, 120]. */
function accuracies(stdout: string, which: 'train' | 'test'): [number, number, number] {
  const line = stdout.split('\n').find((l) => l.startsWith(`${which} accuracy`));
  const m = line?.match(/sigmoid-wasm ([\d.]+)%\s+plain JS ([\d.]+)%\s+\((\d+) samples\)/);
  if (!m) throw new Error(`no ${which} accuracy line in:\n${stdout}`);
  return [Number(m[1]) / 100, Number(m[2]) / 100, Number(m[3])];
}

describe('examples/iris-logistic.mjs', () => {
  it('needs the build', () => {
    expect(existsSync(new URL('../../dist/index.js', import.meta.url)), 'run `npm run build` first').toBe(true);
  });

  it('--epochs 20: both variants learn, to the same accuracy', () => {
    const { status, stdout, stderr } = runExample(['--epochs', '20']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(
      'iris: 4 -> 1024 sigmoid -> 3 softmax (sigmoid-wasm: softmaxCrossEntropyWithLogits and its gradient), batch 16, 20 epochs',
    );
    // A loss per epoch for both: "    1      1.093421      1.093421".
    const epochs = lines.filter((l) => /^\s+\d+\s+[\d.]+\s+[\d.]+$/.test(l)).map((l) => l.trim().split(/\s+/).map(Number));
    expect(epochs.map((e) => e[0])).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // The two variants compute the same network from the same seeds; their
    // sigmoids differ by ULPs (within 2 ULP of the true value either way, and
    // plain JS rounds the float64 result once), so the losses agree closely.
    for (const [, a, b] of epochs) expect(Math.abs(a! - b!)).toBeLessThanOrEqual(1e-3 * b!);
    expect(epochs[19]![1]).toBeLessThan(0.5 * epochs[0]![1]!); // it learns

    // Accuracy tolerance: at most one sample apart on each set (ULP-level
    // differences could flip one borderline prediction); in practice equal.
    for (const which of ['train', 'test'] as const) {
      const [wasm, js, n] = accuracies(stdout, which);
      expect(Math.abs(wasm - js)).toBeLessThanOrEqual(1 / n + 1e-9);
      expect(wasm).toBeGreaterThanOrEqual(0.7); // chance: 1/3
    }
    expect(stdout).toMatch(/ratio [\d.]+x \(plain JS \/ sigmoid-wasm; fastest epoch [\d.]+x\)/);
  });

  it('--loss logistic --epochs 20: three logistic outputs on the logistic loss; both learn, to the same accuracy', () => {
    const { status, stdout, stderr } = runExample(['--epochs', '20', '--loss', 'logistic']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toBe(
      'iris: 4 -> 1024 sigmoid -> 3 logistic (one-vs-rest; sigmoid-wasm: binaryCrossEntropyWithLogits and its gradient), batch 16, 20 epochs',
    );
    const epochs = stdout.split('\n').filter((l) => /^\s+\d+\s+[\d.]+\s+[\d.]+$/.test(l)).map((l) => l.trim().split(/\s+/).map(Number));
    expect(epochs.map((e) => e[0])).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // The sum of three binary losses per sample: near 3 ln 2 = 2.08 at the
    // start (the softmax's cross-entropy starts near ln 3 = 1.10).
    expect(epochs[0]![1]).toBeGreaterThan(1.5);
    // softplus(z) - z y summed in float64 from float32 logits, against the
    // hand-written loss in float64: the same network, losses within ULPs.
    for (const [, a, b] of epochs) expect(Math.abs(a! - b!)).toBeLessThanOrEqual(1e-3 * b!);
    expect(epochs[19]![1]).toBeLessThan(0.6 * epochs[0]![1]!); // it learns
    for (const which of ['train', 'test'] as const) {
      const [wasm, js, n] = accuracies(stdout, which);
      expect(Math.abs(wasm - js)).toBeLessThanOrEqual(1 / n + 1e-9);
      expect(wasm).toBeGreaterThanOrEqual(0.7); // chance: 1/3
    }
  });

  it('--quiet prints the summary only; bad options fail with a message', () => {
    const quiet = runExample(['--epochs', '2', '--quiet']);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout.trim().split('\n').map((l) => l.split(/\s{2,}/)[0])).toEqual([
      'final loss',
      'train accuracy',
      'test accuracy',
      'time',
    ]);
    const bad = runExample(['--epochs', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--epochs must be a positive integer/);
    const unknown = runExample(['--epoch', '3']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/iris-logistic: .*--epoch/);
    const loss = runExample(['--loss', 'hinge']);
    expect(loss.status).toBe(2);
    expect(loss.stderr).toMatch(/--loss must be one of softmax, logistic \(got hinge\)/);
  });
});
