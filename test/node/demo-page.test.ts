// End to end: the demo page (demo/) on Vite's dev server, in headless
// Chromium. The values the page computes (float64, the default kernel: the
// fast tier) are within the table's bounds of the references, the
// plot and the tanh toggle work, every function of the family can be picked
// (plot, table, the try field), the scalar build can be forced, and the
// benchmark button produces a result (never a timing assertion). A
// screenshot goes to test-output/demo.png, to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium, type Browser, type Page } from 'playwright';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as api from '../../src/index.js';
import { PLOT_FUNCTIONS, type PlotFunction } from '../../src/plot.js';
import { boundOf } from '../../src/op.js';
import { opNamed } from '../../src/table.js';
import { CHROMIUM_PATH, chromiumLaunchOptions, chromiumStatus } from '../browser/chromium.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What the page exposes as window.__demo (see demo/main.ts). */
interface DemoState {
  ready: boolean;
  simd: boolean;
  build: string;
  precision: string;
  fn: PlotFunction;
  columns: PlotFunction[];
  values: Array<{ x: number; plain: number } & { [fn in PlotFunction]?: number }>;
  plot: { fn: PlotFunction; from: number; to: number; tanh: boolean; points: number } | null;
  bench: { simd: boolean; environment: string; sizes: Array<{ size: number; candidates: Array<{ id: string; mElementsPerSecond: number; ratio: number }> }> } | null;
  softmax: { x: number[]; p: number[] } | null;
  error: string | null;
}

/** sigmoid and sigmoidDerivative, correctly rounded (mpmath, 200 bits), 20 digits. */
const REFERENCE: ReadonlyArray<[x: number, sigmoid: string, derivative: string]> = [
  [-745, '2.8223507304719370764e-324', '2.8223507304719370764e-324'],
  [-2, '0.11920292202211755594', '0.10499358540350650336'],
  [-1, '0.26894142136999512075', '0.19661193324148185112'],
  [0, '0.5', '0.25'],
  [1, '0.73105857863000487925', '0.19661193324148185112'],
  [2, '0.88079707797788244406', '0.10499358540350650336'],
];

/** The table's float64 bound of the fast tier (the page's default kernel) of a function, in ULP. */
const bound = (fn: PlotFunction): number => boundOf(opNamed(fn)!.kernels.float64.fast);

/**
 * How many float64 steps a value within the table's bound (ULP) of the true
 * value may be from the correctly rounded one (itself within half an ULP):
 * less than bound + 0.5 ULP, so floor(bound + 0.5) steps. The page runs the
 * default kernel, the fast tier.
 */
const STEPS = {
  sigmoid: Math.floor(bound('sigmoid') + 0.5),
  sigmoidDerivative: Math.floor(bound('sigmoidDerivative') + 0.5),
};

/** The family, correctly rounded (mpmath, 40 digits), at points the page shows. */
const FAMILY_REFERENCE: ReadonlyArray<[fn: PlotFunction, x: number, value: string]> = [
  ['tanh', 1, '0.76159415595576488812'],
  ['tanhDerivative', 1, '0.41997434161402606939'],
  ['tanhDerivative', 20, '1.6993417021166355837e-17'],
  ['silu', 1, '0.73105857863000487925'],
  ['silu', -40, '-1.6993417021166355909e-16'],
  ['siluDerivative', 2, '1.0907842487848954788'],
  ['softplus', 1, '1.313261687518222834'],
  ['softplus', 800, '800'],
  ['logSigmoid', -1, '-1.313261687518222834'],
  ['logSigmoid', -800, '-800'],
  ['logit', 0.25, '-1.0986122886681096914'],
];

/** The table's columns for each function: it, and its derivative where the package has one. */
const COLUMNS = Object.fromEntries(
  PLOT_FUNCTIONS.map((fn) => {
    const partner = opNamed(fn)!.plot!.with as PlotFunction | undefined;
    return [fn, partner === undefined ? [fn] : [fn, partner]];
  }),
) as Record<PlotFunction, PlotFunction[]>;

/** The package's function of a name, in this process (Node). */
const node = (fn: PlotFunction, x: Float64Array): Float64Array => (api[fn] as (x: Float64Array) => Float64Array)(x);

/** Distance in float64 steps between two finite numbers (0 when equal). */
function ulpDistance(a: number, b: number): number {
  const ordered = (v: number): bigint => {
    const bits = new BigInt64Array(new Float64Array([v]).buffer)[0]!;
    return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
  };
  const d = ordered(a) - ordered(b);
  return Number(d < 0n ? -d : d);
}

const state = (page: Page): Promise<DemoState> => page.evaluate(() => (window as unknown as { __demo: DemoState }).__demo);

const status = chromiumStatus();
if (status === 'skip') {
  console.warn(`demo page test SKIPPED: ${CHROMIUM_PATH} not found; install it with \`apt-get install chromium\` (under CI this fails)`);
}

describe.skipIf(status === 'skip')('demo page in Chromium', () => {
  if (status === 'fail') {
    it('needs Chromium', () => {
      throw new Error(`${CHROMIUM_PATH} not found and CI is set: the demo page test must run; install it with \`apt-get install chromium\``);
    });
    return;
  }

  let server: ViteDevServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await createServer({
      configFile: join(root, 'demo', 'vite.config.ts'),
      server: { host: '127.0.0.1', port: 0, strictPort: false },
      logLevel: 'warn',
    });
    await server.listen();
    url = server.resolvedUrls?.local[0] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    browser = await chromium.launch({ ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args] });
    page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location().url})`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('computes the values in the page, within the table\'s bounds of the references', async () => {
    // A tiny benchmark budget for the button test below.
    await page.goto(`${url}?budget=40&sizes=1000,20000`);
    await page.waitForFunction(() => (window as unknown as { __demo?: DemoState }).__demo?.ready === true, undefined, { timeout: 30_000 });
    const demo = await state(page);
    expect(demo.error).toBeNull();
    for (const [x, s, d] of REFERENCE) {
      const got = demo.values.find((v) => v.x === x);
      expect(got, `x = ${x}`).toBeDefined();
      expect(ulpDistance(got!.sigmoid!, Number(s)), `sigmoid(${x}) = ${got!.sigmoid}`).toBeLessThanOrEqual(STEPS.sigmoid);
      expect(ulpDistance(got!.sigmoidDerivative!, Number(d)), `sigmoidDerivative(${x}) = ${got!.sigmoidDerivative}`).toBeLessThanOrEqual(STEPS.sigmoidDerivative);
    }
    expect(demo.build).toBe(demo.simd ? 'relaxed-SIMD' : 'scalar'); // Chromium has relaxed SIMD
    expect(await page.textContent('#build')).toBe(`${demo.build}, fast tier`);
    // The table shows them, with the vanished gradient of s*(1-s) flagged at x = 40.
    expect(await page.locator('#values tbody tr').count()).toBe(demo.values.length);
    expect(await page.locator('#values td.vanished').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('draws the plot and follows the range and the tanh toggle', async () => {
    expect(await page.locator('#plot svg path').count()).toBe(2);
    expect(await page.getAttribute('#plot svg path[data-series="sigmoid"]', 'data-points')).toBe('1201');
    await page.check('#tanh');
    expect(await page.locator('#plot svg path').count()).toBe(4);
    await page.fill('#from', '-3');
    expect((await state(page)).plot).toEqual({ fn: 'sigmoid', from: -3, to: 6, tanh: true, points: 901 });
    await page.fill('#from', '8'); // from > to: a message, the last plot stays
    expect(await page.isVisible('#plot-error')).toBe(true);
    expect(await page.textContent('#plot-error')).toMatch(/from must be less than to/);
    await page.fill('#from', '-6');
    expect(await page.isVisible('#plot-error')).toBe(false);
    await page.uncheck('#tanh');
  });

  it('picks any function of the family: the plot, the table and the try field follow', async () => {
    const series = Object.fromEntries(PLOT_FUNCTIONS.map((fn) => [fn, COLUMNS[fn].map((f) => opNamed(f)!.plot!.id)])) as Record<PlotFunction, string[]>;
    expect(await page.locator('#fn option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual([...PLOT_FUNCTIONS]);
    for (const fn of PLOT_FUNCTIONS) {
      await page.selectOption('#fn', fn);
      const demo = await state(page);
      expect(demo.fn).toBe(fn);
      expect(demo.error).toBeNull();
      // The plot: its curves, over logit's domain or the usual range.
      const drawn = await page.locator('#plot svg path').evaluateAll((paths) => paths.map((p) => p.getAttribute('data-series')));
      expect(drawn, fn).toEqual(series[fn]);
      expect(demo.plot, fn).toEqual(fn === 'logit' ? { fn, from: 0, to: 1, tanh: false, points: 1001 } : { fn, from: -6, to: 6, tanh: false, points: 1201 });
      // The table: a column per function, the values the package gives in Node (the same kernels; within the bounds in any case).
      expect(demo.columns).toEqual(COLUMNS[fn]);
      expect(await page.locator('#values thead th').count()).toBe(demo.columns.length + 2);
      expect(await page.locator('#values tbody tr').count()).toBe(demo.values.length);
      const x = Float64Array.from(demo.values, (v) => v.x);
      for (const column of demo.columns) {
        const want = node(column, x);
        const steps = Math.floor(2 * bound(column));
        demo.values.forEach((v, i) => {
          const got = v[column]!;
          if (Number.isNaN(want[i]!) || !Number.isFinite(want[i]!)) expect(Object.is(got, want[i]) || (Number.isNaN(got) && Number.isNaN(want[i]!)), `${column}(${v.x})`).toBe(true);
          else expect(ulpDistance(got, want[i]!), `${column}(${v.x}) = ${got}, Node ${want[i]}`).toBeLessThanOrEqual(steps);
        });
      }
      // The try field evaluates the picked function(s).
      await page.fill('#x-input', '0.25');
      expect(await page.textContent('#x-output')).toBe(demo.columns.map((c) => `${c} = ${node(c, Float64Array.of(0.25))[0]}`).join(', '));
    }
    // Against the references, within the table's bounds.
    for (const [fn, x, ref] of FAMILY_REFERENCE) {
      await page.selectOption('#fn', fn);
      const got = (await state(page)).values.find((v) => v.x === x)?.[fn];
      expect(got, `${fn}(${x})`).toBeDefined();
      const steps = Math.floor(bound(fn) + 0.5);
      expect(ulpDistance(got!, Number(ref)), `${fn}(${x}) = ${got}`).toBeLessThanOrEqual(steps);
    }
    // What the plain formulas lose is flagged: 1 - tanh^2 vanishes at |x| >= 20, log(1 + e^x) overflows from 710.
    await page.selectOption('#fn', 'tanh');
    expect(await page.locator('#values td.vanished').count()).toBe(4);
    await page.selectOption('#fn', 'softplus');
    expect(await page.locator('#values td.overflowed').count()).toBe(2);
    expect(await page.locator('#values td.vanished').count()).toBe(2); // x = -745 and -40: e^x lost in 1 + e^x
    // Leaving logit restores the usual range.
    await page.selectOption('#fn', 'logit');
    await page.selectOption('#fn', 'sigmoid');
    expect((await state(page)).plot).toEqual({ fn: 'sigmoid', from: -6, to: 6, tanh: false, points: 1201 });
    expect(await page.textContent('#plot-title')).toBe('The sigmoid and its derivative');
    expect(problems).toEqual([]);
  });

  it('shows the softmax of a row as bars (the package\'s bits), and follows the input', async () => {
    let demo = await state(page);
    expect(demo.softmax?.x).toEqual([2, 1, 0.1, -1, -Infinity]);
    expect(demo.softmax?.p).toEqual(Array.from(api.softmax(Float64Array.from(demo.softmax!.x))));
    expect(await page.locator('#softmax-bars .bar').count()).toBe(5);
    expect(Number(await page.locator('#softmax-bars .bar').last().getAttribute('data-p'))).toBe(0);
    await page.fill('#softmax-input', '1000, 999');
    demo = await state(page);
    expect(demo.softmax?.p).toEqual(Array.from(api.softmax(Float64Array.of(1000, 999))));
    expect(demo.softmax!.p[0]).toBeCloseTo(0.7310585786300049, 15);
    await page.fill('#softmax-input', '1, x');
    expect(await page.textContent('#softmax-error')).toMatch(/not a number: x/);
    await page.fill('#softmax-input', '2, 1, 0.1, -1, -Infinity');
    expect(await page.isVisible('#softmax-error')).toBe(false);
  });

  it('?fn= picks the function at load', async () => {
    const other = await browser.newPage();
    await other.goto(`${url}?fn=silu`);
    await other.waitForFunction(() => (window as unknown as { __demo?: DemoState }).__demo?.ready === true, undefined, { timeout: 30_000 });
    const demo = await state(other);
    expect(demo.fn).toBe('silu');
    expect(await other.inputValue('#fn')).toBe('silu');
    expect(await other.textContent('#plot-title')).toBe('SiLU (swish) and its derivative');
    expect(demo.columns).toEqual(['silu', 'siluDerivative']);
    await other.close();
  });

  it('runs the benchmark from the button and shows the result', async () => {
    await page.click('#bench-run');
    await page.waitForFunction(() => (window as unknown as { __demo: DemoState }).__demo.bench !== null, undefined, { timeout: 30_000 });
    const { bench } = await state(page);
    expect(bench!.sizes.map((s) => s.size)).toEqual([1000, 20000]);
    for (const s of bench!.sizes) {
      expect(s.candidates.map((c) => c.id)).toEqual(['js', 'wasm', 'wasmZeroCopy']);
      for (const c of s.candidates) expect(c.mElementsPerSecond > 0 && c.ratio > 0).toBe(true);
    }
    expect(bench!.environment).toMatch(/Chrome/);
    expect(await page.locator('#bench-chart .bar-row').count()).toBe(6);
    expect(await page.textContent('#bench-chart')).toMatch(/M\/s · [\d.]+×/);
    expect(await page.isEnabled('#bench-run')).toBe(true);
    mkdirSync(join(root, 'test-output'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output', 'demo.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('forces the scalar build with ?scalar=1, with bitwise the same values', async () => {
    const simdValues = (await state(page)).values;
    const scalar = await browser.newPage();
    await scalar.goto(`${url}?scalar=1`);
    await scalar.waitForFunction(() => (window as unknown as { __demo?: DemoState }).__demo?.ready === true, undefined, { timeout: 30_000 });
    const demo = await state(scalar);
    expect(demo.simd).toBe(false);
    expect(await scalar.textContent('#build')).toBe('scalar, fast tier');
    expect(await scalar.isChecked('#scalar')).toBe(true);
    expect(demo.values).toEqual(simdValues);
    await scalar.close();
  });
});
