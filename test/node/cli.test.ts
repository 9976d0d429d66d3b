// The command line, as users run it: `node bin/sigmoid-wasm.mjs ...` in a
// child process (it imports the built package, ../dist: `npm test` builds
// first). Output, --json, exit codes, one-line errors, the plot file, and the
// hand-over to a checkout's bench/run.mjs.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as api from '../../src/index.js';
import { boundOf } from '../../src/op.js';
import { OPS, opNamed } from '../../src/table.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(root, 'bin', 'sigmoid-wasm.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], bin = BIN): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

let tmp: string;
beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'plot.js'))) throw new Error('dist/ is not built: run `npm run build` first');
  tmp = mkdtempSync(join(tmpdir(), 'sigmoid-wasm-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('sigmoid-wasm eval', () => {
  it('prints an aligned table of x, sigmoid and sigmoidDerivative', async () => {
    const r = await cli(['eval', '0', '1', '-3']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^x\s+sigmoid\(x\)\s+sigmoidDerivative\(x\)$/);
    const rows = lines.slice(1).map((l) => l.split(/\s+/).map(Number));
    expect(rows[0]).toEqual([0, 0.5, 0.25]);
    expect(rows[1]).toEqual([1, 0.7310585786300049, 0.19661193324148185]);
    expect(rows[2]![0]).toBe(-3);
    // Aligned: every column starts at the same offset on every line.
    const starts = (l: string): number[] => [...l.matchAll(/(?<=^|\s)\S/g)].map((m) => m.index);
    for (const l of lines) expect(starts(l)).toEqual(starts(lines[0]!));
  });

  it('--json parses, f32 values are float32', async () => {
    const r = await cli(['eval', '0.1', '40', '-Infinity', '--type', 'f32', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { type: string; simd: boolean; values: Array<Record<string, number | string>> };
    expect(json.type).toBe('f32');
    expect(typeof json.simd).toBe('boolean');
    expect(json.values[0]!.x).toBe(Math.fround(0.1));
    expect(json.values[0]!.sigmoid).toBe(Math.fround(json.values[0]!.sigmoid as number));
    expect(json.values[1]).toMatchObject({ x: 40, sigmoid: 1 });
    expect(json.values[1]!.sigmoidDerivative as number).toBeGreaterThan(0); // no vanishing gradient
    expect(json.values[2]).toEqual({ x: '-Infinity', sigmoid: 0, sigmoidDerivative: 0 });
  });

  it('shows float32 numbers in their shortest form', async () => {
    const r = await cli(['eval', '--type=f32', '0.1']);
    expect(r.stdout.split('\n')[1]).toMatch(/^0\.1\s+0\.5249792\s+0\.24937604$/);
  });
});

describe('sigmoid-wasm eval --fn', () => {
  /** The functions eval's --fn takes (the table's functions of one input), and the package's function behind each name. */
  const UNARY = OPS.filter((s) => s.shape === 'unary').map((s) => s.name);
  const FUNCTIONS = Object.fromEntries(UNARY.map((name) => [name, api[name] as (x: number | Float32Array) => number | Float32Array])) as Record<string, {
    (x: number): number;
    (x: Float32Array): Float32Array;
  }>;

  it('takes every function of one input in the table, and nothing else', () => {
    expect(UNARY).toEqual(expect.arrayContaining(['sigmoid', 'sigmoidDerivative', 'tanh', 'tanhDerivative', 'silu', 'siluDerivative', 'softplus', 'logSigmoid', 'logit']));
  });

  it('--fn tanh 0 1: x, tanh(x) and its derivative, the package\'s values', async () => {
    const r = await cli(['eval', '--fn', 'tanh', '0', '1', '20']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^x\s+tanh\(x\)\s+tanhDerivative\(x\)$/);
    const rows = lines.slice(1).map((l) => l.split(/\s+/).map(Number));
    expect(rows.map((row) => row[0])).toEqual([0, 1, 20]);
    for (const [x, t, d] of rows as Array<[number, number, number]>) {
      expect(t).toBe(api.tanh(x));
      expect(d).toBe(api.tanhDerivative(x));
    }
    // Within the table's bound of the true value (float64: tanh(1) = 0.76159415595576488812).
    const bound = boundOf(opNamed('tanh')!.kernels.float64.fast);
    expect(Math.abs(rows[1]![1]! - 0.76159415595576488812) / 2 ** -53).toBeLessThanOrEqual(bound + 0.5);
    // tanh'(20) = 4 e^-40 / (1 + e^-40)^2: not 0, where 1 - tanh(20)^2 is.
    expect(rows[2]![2]).toBeGreaterThan(1.6993e-17);
    expect(rows[2]![2]).toBeLessThan(1.6994e-17);
  });

  it('every function by name, in f64 and f32, as JSON with a key per function', async () => {
    const names = UNARY;
    for (const type of ['f64', 'f32'] as const) {
      const r = await cli(['eval', '--fn', names.join(','), '--type', type, '--json', '--', '-2', '0.25', '0.5', '3']);
      expect(r.code, r.stderr).toBe(0);
      const json = JSON.parse(r.stdout) as { type: string; functions: string[]; values: Array<Record<string, number | string>> };
      expect(json.functions).toEqual(names);
      for (const row of json.values) {
        expect(Object.keys(row)).toEqual(['x', ...names]);
        for (const name of names) {
          const x = row.x as number;
          const f = FUNCTIONS[name]!;
          const want = type === 'f64' ? f(x) : f(Float32Array.of(x))[0]!;
          expect(row[name], `${name}(${x}) ${type}`).toBe(Number.isNaN(want) ? 'NaN' : want);
        }
      }
    }
  });

  it('a name comes with its derivative where the package has one; others alone', async () => {
    const header = async (fn: string): Promise<string> => (await cli(['eval', '--fn', fn, '1'])).stdout.split('\n')[0]!.split(/\s+/).join(' ');
    expect(await header('sigmoid')).toBe('x sigmoid(x) sigmoidDerivative(x)');
    expect(await header('silu')).toBe('x silu(x) siluDerivative(x)');
    expect(await header('softplus')).toBe('x softplus(x)');
    expect(await header('siluDerivative')).toBe('x siluDerivative(x)');
    expect(await header('logit,sigmoid')).toBe('x logit(x) sigmoid(x)');
    // 'derivative' is another name for sigmoidDerivative.
    expect(await header('derivative')).toBe('x sigmoidDerivative(x)');
    expect(await header('sigmoid,derivative')).toBe('x sigmoid(x) sigmoidDerivative(x)');
    // The default is --fn sigmoid, exactly.
    expect((await cli(['eval', '0', '2'])).stdout).toBe((await cli(['eval', '--fn', 'sigmoid', '0', '2'])).stdout);
  });

  it('logit: infinite at 0 and 1, NaN outside; softplus finite far out', async () => {
    const r = await cli(['eval', '--fn', 'logit', '0', '0.5', '1', '2']);
    expect(r.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s+/)[1])).toEqual(['-Infinity', '0', 'Infinity', 'NaN']);
    const s = await cli(['eval', '--fn=softplus', '--', '-800', '800']);
    expect(s.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s+/)[1])).toEqual(['0', '800']);
  });
});

describe('sigmoid-wasm plot', () => {
  it('writes the SVG file', async () => {
    const file = join(tmp, 'sigmoid.svg');
    const r = await cli(['plot', '--out', file]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('1201 points');
    const svg = readFileSync(file, 'utf8');
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(2);
  });

  it('passes --from/--to/--step/--tanh/--width/--height (negative values too)', async () => {
    const file = join(tmp, 'tanh.svg');
    const r = await cli(['plot', '--out', file, '--from', '-4', '--to=4', '--step', '0.5', '--tanh', '--width', '600', '--height', '300']);
    expect(r.code).toBe(0);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toContain('width="600" height="300"');
    expect(svg.match(/<path /g)).toHaveLength(4);
    expect(svg.match(/data-points="17"/g)).toHaveLength(4);
  });

  it('--fn silu: SiLU and its derivative over [-6, 6], 1201 points; --fn logit over (0, 1)', async () => {
    const file = join(tmp, 'silu.svg');
    const r = await cli(['plot', '--fn', 'silu', '--out', file]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('1201 points');
    const svg = readFileSync(file, 'utf8');
    expect([...svg.matchAll(/data-series="([^"]+)"/g)].map((m) => m[1])).toEqual(['silu', 'silu-derivative']);
    expect(svg).toContain('<title>SiLU, SiLU derivative over [-6, 6]</title>');
    const logit = await cli(['plot', '--fn', 'logit', '--out', '-']);
    expect(logit.code).toBe(0);
    expect(logit.stdout).toContain('<title>logit over [0, 1]</title>');
    expect(logit.stdout).toContain('data-points="1001"');
    const list = await cli(['plot', '--fn', 'softplus,sigmoid', '--tanh', '--step', '1', '--out', '-']);
    expect([...list.stdout.matchAll(/data-series="([^"]+)"/g)].map((m) => m[1])).toEqual(['softplus', 'sigmoid', 'tanh', 'tanh-derivative']);
  });

  it('--out - writes to stdout', async () => {
    const r = await cli(['plot', '--out', '-', '--step', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<svg [\s\S]*<\/svg>\n$/);
  });
});

describe('sigmoid-wasm bench', () => {
  it('--builtin --quick --json runs the quick benchmark and prints JSON', async () => {
    const r = await cli(['bench', '--builtin', '--quick', '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const json = JSON.parse(r.stdout) as { dtype: string; simd: boolean; environment: string; sizes: Array<{ size: number; candidates: unknown[] }> };
    expect(json.dtype).toBe('float32');
    expect(json.environment).toMatch(/^Node\.js/);
    expect(json.sizes.length).toBeGreaterThan(0);
    for (const s of json.sizes) expect(s.candidates).toHaveLength(3);
  });

  it("hands over to a checkout's bench/run.mjs with the same flags and its exit code", async () => {
    // A package layout with a stand-in bench/run.mjs: the real one is a long
    // benchmark, not something to start from a unit test.
    const pkg = join(tmp, 'checkout');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    mkdirSync(join(pkg, 'bench'));
    for (const f of ['sigmoid-wasm.mjs', 'cli.mjs']) copyFileSync(join(root, 'bin', f), join(pkg, 'bin', f));
    symlinkSync(join(root, 'dist'), join(pkg, 'dist'), 'dir');
    writeFileSync(join(pkg, 'bench', 'run.mjs'), 'console.log(JSON.stringify(process.argv.slice(2))); process.exitCode = 3;\n');
    const r = await cli(['bench', '--quick', '--json'], join(pkg, 'bin', 'sigmoid-wasm.mjs'));
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual(['--quick', '--json']);
  });
});

describe('help and errors', () => {
  it('--help for the tool and every command', async () => {
    for (const args of [['--help'], ['-h'], ['help'], ['eval', '--help'], ['plot', '--help'], ['bench', '--help'], ['help', 'plot']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/^Usage: sigmoid-wasm/);
    }
    // --fn is documented, with every name.
    for (const command of ['eval', 'plot']) {
      const { stdout } = await cli([command, '--help']);
      expect(stdout).toMatch(/--fn <name>/);
      for (const { name, shape, plot } of OPS) {
        if (command === 'eval' ? shape === 'unary' : plot !== undefined) expect(stdout).toContain(name);
      }
      expect(stdout).toContain('derivative: another name for sigmoidDerivative');
    }
    expect((await cli(['--help'])).stdout).toContain('eval --fn tanh 0 1');
  });

  it.each([
    [['eval', 'abc'], /eval: x must be a number \(got 'abc'\)/],
    [['eval', '1', '--type', 'f16'], /--type must be f32 or f64/],
    [['eval', '1', '--nope'], /unknown option '--nope'/],
    [['eval'], /give at least one x/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [[], /missing command/],
    [['plot'], /missing --out/],
    [['plot', '--out'], /--out needs a value/],
    [['plot', '--out', 'x.svg', '--from', 'six'], /--from must be a number/],
    [['plot', '--out', 'x.svg', '--from', '6', '--to', '-6'], /from must be less than to/],
    [['plot', '--out', 'x.svg', '--step', '0'], /step must be positive/],
    [['bench', '--fast'], /unknown option '--fast'/],
    [['eval', '--fn', 'swish', '1'], new RegExp(`eval: unknown function 'swish' for --fn \\(one of ${OPS.filter((s) => s.shape === 'unary').map((s) => s.name).join(', ')}\\)`)],
    [['eval', '--fn', 'sigmoidBackward', '1'], /eval: unknown function 'sigmoidBackward' for --fn/],
    [['eval', '--fn', 'tanh,tanh', '1'], /--fn names a function twice/],
    [['eval', '1', '--fn'], /--fn needs a value/],
    [['plot', '--fn', 'Tanh', '--out', 'x.svg'], /plot: unknown function 'Tanh' for --fn/],
  ])('%j: one line on stderr, exit 2', async (args, message) => {
    const r = await cli(args, BIN);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^sigmoid-wasm/);
  });
});
