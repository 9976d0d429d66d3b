// The demo page: everything on it is computed here, in the visitor's browser,
// by the package, imported as users import it (the aliases of vite.config.ts
// map these names to ../src). The functions it offers, their titles, columns
// and plain JS formulas come from the table of operations (src/table.ts,
// which the package does not export: the page reads it from the source).
//
// Query parameters: ?scalar=1 forces the scalar build; ?fn=<name> picks the
// function (one of sigmoid-wasm/plot's PLOT_FUNCTIONS; default sigmoid);
// ?budget=<ms> and ?sizes=<n,n,...> shorten the benchmark (the end-to-end
// test uses them).
// window.__demo exposes what the page computed, for tests.
import { createKernel, defaultKernel, type Kernel } from 'sigmoid-wasm';
import { PLOT_FUNCTIONS, sigmoidPlotSvg, type PlotFunction } from 'sigmoid-wasm/plot';
import { buildName, quickBenchmark, type QuickBenchmarkResult, type QuickBenchmarkSize } from 'sigmoid-wasm/quickbench';

import { opNamed } from '../src/table.js';

/** One row of the table: x, a key per function shown (`sigmoid`, `sigmoidDerivative`, `tanh`, ...), and the plain JS formula's value. */
type DemoValue = { x: number; plain: number } & { [fn in PlotFunction]?: number };

interface DemoState {
  /** True once the plot and the values are on the page. */
  ready: boolean;
  simd: boolean;
  /** The build and tier the page runs, as shown in #build. */
  build: string;
  precision: 'fast' | 'accurate';
  /** The function picked (#fn, or ?fn=). */
  fn: PlotFunction;
  /** The functions of the table's columns, after x. */
  columns: PlotFunction[];
  values: DemoValue[];
  plot: { fn: PlotFunction; from: number; to: number; tanh: boolean; points: number } | null;
  bench: QuickBenchmarkResult | null;
  /** The softmax section: the logits as parsed, and their softmax (this page's kernel, float64). */
  softmax: { x: number[]; p: number[] } | null;
  error: string | null;
}

declare global {
  interface Window {
    __demo: DemoState;
  }
}

/** What the page shows for each function. */
interface FunctionView {
  /** The plot's heading. */
  title: string;
  /** The package's functions in the table, after x (the function, and the one its entry draws it with). */
  columns: PlotFunction[];
  /** The plain JS formula for the column `of`, its header, and why it is there (static HTML). */
  plain: { of: PlotFunction; label: string; f: (x: number) => number };
  note: string;
  points: number[];
}

/** The table's entry of a function the page can show. */
function entry(fn: PlotFunction) {
  const spec = opNamed(fn);
  if (spec?.plot === undefined) throw new Error(`demo: ${fn} has no plot in the table`);
  return { ...spec, plot: spec.plot };
}

/** Whether a function takes a probability p in [0, 1] (logit) rather than any x. */
const ofProbability = (fn: PlotFunction): boolean => entry(fn).domain === 'probability';

const REAL_POINTS = [-800, -745, -40, -10, -2, -1, 0, 1, 2, 10, 40, 710, 800];
const PROBABILITY_POINTS = [0, 1e-300, 1e-10, 0.1, 0.25, 0.5, 0.75, 0.9, 0.9999999999, 1];

/**
 * A function's view from its table entry: the title from its plot labels,
 * the columns it and its partner, the comparison its plain JS formula
 * (`js`, the one the benchmark's baseline loop runs).
 */
function tableView(fn: PlotFunction): FunctionView {
  const spec = entry(fn);
  const partner = spec.plot.with as PlotFunction | undefined;
  const js = spec.js;
  return {
    title: partner === undefined ? spec.plot.label : `${spec.plot.label} and ${entry(partner).plot.label}`,
    columns: partner === undefined ? [fn] : [fn, partner],
    plain: { of: fn, label: `plain JS ${fn}`, f: (x) => (js === undefined ? NaN : js(x, NaN)) }, // every plotted entry has one
    note: `${fn}(${ofProbability(fn) ? 'p' : 'x'}) = ${spec.formula}, against the plain JS formula.`,
    points: ofProbability(fn) ? PROBABILITY_POINTS : REAL_POINTS,
  };
}

const plainSigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const SIGMOID_POINTS = [-745, -40, -10, -2, -1, 0, 1, 2, 10, 40];
const SIGMOID_NOTE =
  'The derivative is computed from x, so it stays accurate in the tails; the plain JS <code>s * (1 - s)</code> loses ' +
  'it (the gradient vanishes) once <code>s</code> rounds to 1, or to 0.';
const sigmoidPlain = { of: 'sigmoidDerivative' as const, label: 'plain JS s*(1-s)', f: (x: number) => plainSigmoid(x) * (1 - plainSigmoid(x)) };
const TANH_POINTS = [-40, -20, -10, -2, -1, 0, 1e-8, 1, 2, 10, 20, 40];
const TANH_NOTE =
  'The derivative is computed from x: exactly even, and never 0 while the true value is representable; the plain JS ' +
  '<code>1 - Math.tanh(x) ** 2</code> is 0 from |x| = 19.06 (TensorFlow.js&#8217;s float32 gradient from |x| = 9.01).';
const tanhPlain = { of: 'tanhDerivative' as const, label: 'plain JS 1-tanh(x)²', f: (x: number) => 1 - Math.tanh(x) ** 2 };
const SILU_POINTS = [-800, -745, -40, -10, -2, -1.2785, -1, 0, 1, 2, 10, 40];
const GELU_POINTS = [-40, -38, -14, -10, -5.2, -5, -2, -0.7518, 0, 1, 5];
/** erf(x / sqrt 2) by Abramowitz and Stegun 7.1.26: what a plain JS GELU brings (JS has no Math.erf). */
function plainErf(x: number): number {
  const z = Math.abs(x) * Math.SQRT1_2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x < 0 ? -y : y;
}
const GELU_NOTE =
  'GELU is x &#183; &#934;(x) (PyTorch&#8217;s exact form); its left tail keeps its relative accuracy down to the ' +
  'subnormals: x&#178;/2 is carried exactly, and &#934;(x) is never formed as 1 + erf, which cancels. XNNPACK&#8217;s ' +
  'GELU (TensorFlow.js, onnxruntime-web) gives 0 below x = &#8722;5.12; the plain JS formula with the usual erf ' +
  'approximation has an absolute error of 1.5e-7, all of the value from x = &#8722;5.5.';
const LOG_POINTS = [-800, -745, -40, -10, -1, 0, 1, 10, 40, 710, 800];

/**
 * What the page says beyond the table for the functions it has a story for:
 * the points where the naive formula fails, and why. A function without one
 * shows its table view.
 */
const STORIES: { readonly [fn in PlotFunction]?: Partial<FunctionView> } = {
  sigmoid: { title: 'The sigmoid and its derivative', plain: sigmoidPlain, note: SIGMOID_NOTE, points: SIGMOID_POINTS },
  sigmoidDerivative: { title: 'The derivative of the sigmoid', plain: sigmoidPlain, note: SIGMOID_NOTE, points: SIGMOID_POINTS },
  tanh: { title: 'tanh and its derivative', plain: tanhPlain, note: TANH_NOTE, points: TANH_POINTS },
  tanhDerivative: { title: 'The derivative of tanh', plain: tanhPlain, note: TANH_NOTE, points: TANH_POINTS },
  silu: {
    title: 'SiLU (swish) and its derivative',
    plain: { of: 'silu', label: 'plain JS x/(1+e^-x)', f: (x) => x / (1 + Math.exp(-x)) },
    note:
      'SiLU is x &#183; sigmoid(x); its tail is kept down to the subnormals, where the plain JS <code>x / (1 + Math.exp(-x))</code> ' +
      'is &#8722;0 from x = &#8722;709.78. The derivative changes sign at x = &#8722;1.2785.',
    points: SILU_POINTS,
  },
  siluDerivative: {
    title: 'The derivative of SiLU',
    plain: { of: 'siluDerivative', label: 'plain JS s(1+x(1-s))', f: (x) => plainSigmoid(x) * (1 + x * (1 - plainSigmoid(x))) },
    note: 'sigmoid(x) (1 + x (1 &#8722; sigmoid(x))): it changes sign at x = &#8722;1.2785.',
    points: SILU_POINTS,
  },
  softplus: {
    plain: { of: 'softplus', label: 'plain JS log(1+e^x)', f: (x) => Math.log(1 + Math.exp(x)) },
    note:
      'log(1 + e<sup>x</sup>), finite for every finite x (x itself far right, e<sup>x</sup> far left); the plain JS ' +
      '<code>Math.log(1 + Math.exp(x))</code> is Infinity from x = 709.79, and 0 where e<sup>x</sup> is below 2<sup>&#8722;53</sup>.',
    points: LOG_POINTS,
  },
  logSigmoid: {
    plain: { of: 'logSigmoid', label: 'plain JS log(s)', f: (x) => Math.log(plainSigmoid(x)) },
    note: 'log(sigmoid(x)) = &#8722;softplus(&#8722;x), finite for every finite x; the plain JS <code>Math.log(s)</code> is &#8722;Infinity from x = &#8722;709.79.',
    points: LOG_POINTS,
  },
  gelu: {
    title: 'GELU and its derivative',
    plain: { of: 'gelu', label: 'plain JS x/2 (1+erf(x/√2))', f: (x) => 0.5 * x * (1 + plainErf(x)) },
    note: GELU_NOTE,
    points: GELU_POINTS,
  },
  geluDerivative: {
    title: 'The derivative of GELU',
    plain: { of: 'geluDerivative', label: 'plain JS Φ(x) + x φ(x)', f: (x) => 0.5 * (1 + plainErf(x)) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI) },
    note: '&#934;(x) + x &#966;(x), computed from x: it changes sign at x = &#8722;0.7518.',
    points: GELU_POINTS,
  },
  geluTanh: {
    title: 'GELU, tanh form, and its derivative',
    plain: { of: 'geluTanh', label: 'plain JS x/2 (1+tanh(u))', f: (x) => 0.5 * x * (1 + Math.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3))) },
    note:
      'x/2 (1 + tanh(u)), u = &#8730;(2/&#960;) (x + 0.044715 x&#179;) (GPT-2&#8217;s gelu_new): 2u is carried in two parts, ' +
      'so the tail keeps its digits; the plain JS formula is &#8722;0 from x = &#8722;10.1 in float64 (1 + tanh(u) rounds to 0).',
    points: [-22, -21, -10.5, -10, -5, -2, -0.7524, 0, 1, 5],
  },
  logit: {
    title: 'logit, the inverse of the sigmoid',
    plain: { of: 'logit', label: 'plain JS log(p/(1-p))', f: (p) => Math.log(p / (1 - p)) },
    note: 'log(p / (1 &#8722; p)) for p in [0, 1]: logit(0) = &#8722;Infinity, logit(1) = Infinity, NaN outside; logit(sigmoid(x)) = x.',
  },
};

/** Every function of the picker (the table's, in its order), with its view. */
const VIEWS = new Map<PlotFunction, FunctionView>(PLOT_FUNCTIONS.map((fn) => [fn, { ...tableView(fn), ...STORIES[fn] }]));
const viewOf = (fn: PlotFunction): FunctionView => VIEWS.get(fn)!;

const params = new URLSearchParams(location.search);
const forceScalar = params.get('scalar') === '1';
const kernel: Kernel = forceScalar ? createKernel({ simd: false }) : defaultKernel();
const fnParam = params.get('fn');
const initialFn: PlotFunction = VIEWS.has(fnParam as PlotFunction) ? (fnParam as PlotFunction) : 'sigmoid';

const state: DemoState = {
  ready: false,
  simd: kernel.simd,
  build: buildName(kernel),
  precision: kernel.precision,
  fn: initialFn,
  columns: [],
  values: [],
  plot: null,
  bench: null,
  softmax: null,
  error: null,
};
window.__demo = state;

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`demo: #${id} is missing from index.html`);
  return el;
}

/** The package's function of a name, on this page's kernel. */
function compute(fn: PlotFunction, x: Float64Array): Float64Array;
function compute(fn: PlotFunction, x: number): number;
function compute(fn: PlotFunction, x: Float64Array | number): Float64Array | number {
  const f = kernel[fn] as (x: Float64Array | number) => Float64Array | number;
  return f.call(kernel, x);
}

// ---- build ------------------------------------------------------------------

element('build', HTMLElement).textContent = `${state.build}, ${state.precision} tier`;
const scalarBox = element('scalar', HTMLInputElement);
scalarBox.checked = forceScalar;
scalarBox.addEventListener('change', () => {
  // A reload: the kernel is chosen once, at start, like in an application.
  const url = new URL(location.href);
  if (scalarBox.checked) url.searchParams.set('scalar', '1');
  else url.searchParams.delete('scalar');
  location.assign(url);
});

// ---- plot -------------------------------------------------------------------

const fnSelect = element('fn', HTMLSelectElement);
const plotTitle = element('plot-title', HTMLHeadingElement);
const fromInput = element('from', HTMLInputElement);
const toInput = element('to', HTMLInputElement);
const fromRange = element('from-range', HTMLInputElement);
const toRange = element('to-range', HTMLInputElement);
const tanhBox = element('tanh', HTMLInputElement);
const plotBox = element('plot', HTMLDivElement);
const plotError = element('plot-error', HTMLParagraphElement);

// The picker: every function a plot can draw, by its one name.
fnSelect.replaceChildren(...PLOT_FUNCTIONS.map((fn) => new Option(fn, fn)));

/** The default range of a function: [0, 1] for a function of a probability (logit), [-6, 6] for the others. */
function setRange(fn: PlotFunction): void {
  const [from, to] = ofProbability(fn) ? ['0', '1'] : ['-6', '6'];
  fromInput.value = fromRange.value = from;
  toInput.value = toRange.value = to;
}
fnSelect.value = state.fn;
setRange(state.fn);

function drawPlot(): void {
  const fn = state.fn;
  const from = Number(fromInput.value);
  const to = Number(toInput.value);
  const tanh = tanhBox.checked;
  // The article's step of 0.01 (logit: 0.001), coarser for wide ranges (at most ~2000 points a curve).
  const step = Math.max(ofProbability(fn) ? 0.001 : 0.01, (to - from) / 2000);
  plotTitle.textContent = viewOf(fn).title;
  try {
    // The string is generated by the package from numbers only: safe as markup.
    plotBox.innerHTML = sigmoidPlotSvg({ fn, from, to, step, tanh, kernel });
    const points = Number(plotBox.querySelector('path')?.getAttribute('data-points') ?? 0);
    state.plot = { fn, from, to, tanh, points };
    plotError.hidden = true;
  } catch (error) {
    plotError.textContent = error instanceof Error ? error.message : String(error);
    plotError.hidden = false;
  }
}

function link(range: HTMLInputElement, input: HTMLInputElement): void {
  range.addEventListener('input', () => {
    input.value = range.value;
    drawPlot();
  });
  input.addEventListener('input', () => {
    if (input.value !== '') range.value = input.value;
    drawPlot();
  });
}
link(fromRange, fromInput);
link(toRange, toInput);
tanhBox.addEventListener('change', drawPlot);
element('plot-controls', HTMLFormElement).addEventListener('submit', (e) => e.preventDefault());

// ---- values -----------------------------------------------------------------

/** Shortest round-trip text, in exponent form below 1e-4. */
function show(v: number): string {
  return v !== 0 && Math.abs(v) < 1e-4 ? v.toExponential() : Object.is(v, -0) ? '-0' : String(v);
}

/** A column's header: `sigmoid(x)`, `logit(p)`. */
const header = (fn: PlotFunction): string => `${fn}(${ofProbability(fn) ? 'p' : 'x'})`;

function fillValues(): void {
  const view = viewOf(state.fn);
  const x = Float64Array.from(view.points);
  const results = view.columns.map((fn) => compute(fn, x));
  const table = element('values', HTMLTableElement);
  const head = table.tHead!.rows[0]!;
  head.replaceChildren();
  for (const text of [ofProbability(state.fn) ? 'p' : 'x', ...view.columns.map(header), view.plain.label]) {
    head.appendChild(document.createElement('th')).textContent = text;
  }
  element('values-note', HTMLParagraphElement).innerHTML = view.note; // static text from VIEWS
  const body = table.tBodies[0]!;
  body.replaceChildren();
  state.columns = view.columns.slice();
  state.values = [];
  view.points.forEach((xi, i) => {
    const value: DemoValue = { x: xi, plain: view.plain.f(xi) };
    view.columns.forEach((fn, c) => (value[fn] = results[c]![i]!));
    state.values.push(value);
    const row = body.insertRow();
    for (const text of [String(xi), ...view.columns.map((fn) => show(value[fn]!)), show(value.plain)]) row.insertCell().textContent = text;
    // Flag what the plain formula lost: 0 (a vanished gradient, a flushed tail) or an overflow, where the true value is finite and non-zero.
    const ours = value[view.plain.of]!;
    if (Number.isFinite(ours) && ours !== 0) {
      const cell = row.cells[row.cells.length - 1]!;
      if (value.plain === 0) cell.classList.add('vanished');
      else if (!Number.isFinite(value.plain)) cell.classList.add('overflowed');
    }
  });
}

const xInput = element('x-input', HTMLInputElement);
const xLabel = element('x-label', HTMLSpanElement);
const xOutput = element('x-output', HTMLOutputElement);
function evaluateInput(): void {
  xLabel.textContent = ofProbability(state.fn) ? 'p' : 'x';
  const text = xInput.value.trim();
  const x = Number(text);
  if (text === '' || Number.isNaN(x)) {
    xOutput.textContent = 'not a number';
    return;
  }
  xOutput.textContent = viewOf(state.fn).columns.map((fn) => `${fn} = ${show(compute(fn, x))}`).join(', ');
}
xInput.addEventListener('input', evaluateInput);

fnSelect.addEventListener('change', () => {
  const previous = state.fn;
  state.fn = fnSelect.value as PlotFunction;
  // logit lives on [0, 1]: its range when picked, and the usual one when leaving it.
  if (ofProbability(state.fn) !== ofProbability(previous)) setRange(state.fn);
  drawPlot();
  fillValues();
  evaluateInput();
});

// ---- benchmark --------------------------------------------------------------

const runButton = element('bench-run', HTMLButtonElement);
const status = element('bench-status', HTMLParagraphElement);
const chart = element('bench-chart', HTMLDivElement);

function numberList(text: string | null): number[] | undefined {
  if (text === null) return undefined;
  const list = text.split(',').map(Number);
  return list.every((n) => Number.isInteger(n) && n > 0) && list.length > 0 ? list : undefined;
}

const budgetParam = Number(params.get('budget'));
const benchOptions = {
  timeBudgetMs: params.has('budget') && budgetParam >= 0 ? budgetParam : 1500,
  ...(numberList(params.get('sizes')) === undefined ? {} : { sizes: numberList(params.get('sizes'))! }),
};

/** Horizontal bars, one group per size, all on one scale (M elements/s). */
function drawChart(sizes: readonly QuickBenchmarkSize[]): void {
  const max = Math.max(...sizes.flatMap((s) => s.candidates.map((c) => c.mElementsPerSecond)));
  chart.replaceChildren();
  for (const s of sizes) {
    const group = document.createElement('div');
    group.className = 'group';
    const title = document.createElement('div');
    title.className = 'size';
    title.textContent = `n = ${s.size.toLocaleString('en-US')}`;
    group.append(title);
    for (const c of s.candidates) {
      const row = document.createElement('div');
      row.className = `bar-row ${c.id}`;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = c.name;
      const track = document.createElement('span');
      track.className = 'track';
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.width = `${((100 * c.mElementsPerSecond) / max).toFixed(1)}%`;
      track.append(bar);
      const label = document.createElement('span');
      label.className = 'label';
      const rate = c.mElementsPerSecond >= 100 ? c.mElementsPerSecond.toFixed(0) : c.mElementsPerSecond.toPrecision(3);
      label.textContent = `${rate} M/s · ${c.ratio.toFixed(2)}×`;
      row.append(name, track, label);
      group.append(row);
    }
    chart.append(group);
  }
}

runButton.addEventListener('click', () => {
  runButton.disabled = true;
  state.bench = null;
  status.textContent = 'measuring…';
  const done: QuickBenchmarkSize[] = [];
  // A kernel of its own: the benchmark's arrays grow that memory, not the page's.
  quickBenchmark({ ...benchOptions, kernel: createKernel({ simd: kernel.simd }), onSize: (s) => {
    done.push(s);
    drawChart(done);
  } })
    .then((result) => {
      state.bench = result;
      status.textContent = `${buildName(result)} build, ${Math.round(result.totalMs)} ms — ${result.environment}`;
    })
    .catch((error: unknown) => {
      state.error = error instanceof Error ? error.message : String(error);
      status.textContent = `failed: ${state.error}`;
    })
    .finally(() => {
      runButton.disabled = false;
    });
});

// ---- softmax of a row, as bars -------------------------------------------------

const softmaxInput = element('softmax-input', HTMLInputElement);
const softmaxBars = element('softmax-bars', HTMLDivElement);
const softmaxError = element('softmax-error', HTMLParagraphElement);

/** Parses "2, 1, -Infinity" into numbers; null (with the message shown) for anything else. */
function parseRow(text: string): number[] | null {
  const words = text.split(/[\s,]+/).filter((w) => w !== '');
  const values = words.map((w) => (/^[-+]?inf(inity)?$/i.test(w) ? (w.startsWith('-') ? -Infinity : Infinity) : Number(w)));
  const bad = words.find((_, i) => Number.isNaN(values[i]!));
  if (words.length === 0 || bad !== undefined) {
    softmaxError.textContent = words.length === 0 ? 'enter at least one logit' : `not a number: ${bad}`;
    softmaxError.hidden = false;
    return null;
  }
  softmaxError.hidden = true;
  return values;
}

function drawSoftmax(): void {
  const x = parseRow(softmaxInput.value);
  if (x === null) return;
  const p = Array.from(kernel.softmax(Float64Array.from(x)));
  state.softmax = { x, p };
  softmaxBars.replaceChildren(
    ...x.map((xi, i) => {
      const row = document.createElement('div');
      row.className = 'bar-row';
      const label = document.createElement('span');
      label.className = 'bar-label';
      label.textContent = `${show(xi)} → ${p[i]!.toPrecision(4)}`;
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.dataset.p = String(p[i]);
      bar.style.width = `${(100 * p[i]!).toFixed(2)}%`;
      row.append(label, bar);
      return row;
    }),
  );
}
softmaxInput.addEventListener('input', drawSoftmax);

// ---- start ------------------------------------------------------------------

try {
  drawPlot();
  fillValues();
  evaluateInput();
  drawSoftmax();
  state.ready = true;
} catch (error) {
  state.error = error instanceof Error ? error.message : String(error);
  throw error;
}
