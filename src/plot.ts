/**
 * The classic figure of the sigmoid and its derivative, as a standalone SVG
 * string: no DOM, no plotting library, the same bytes for the same options,
 * so it can be written to a file in Node or set as innerHTML in a page. Any
 * function of the sigmoid family can be drawn instead (`fn`).
 *
 * The look follows the matplotlib figure that articles on the sigmoid show:
 * centred axes (the left and bottom spines through the origin, the top and
 * right ones hidden), outward ticks, thick lines, a frameless legend at the
 * upper right.
 */
import { defaultKernel } from './api.js';
import type { Defined, OpSpec } from './op.js';
import type * as ops from './ops.js';
import { OPS, opNamed } from './table.js';
import type { Kernel } from './types.js';

/** The entry type behind a function of the table. */
type EntryOf<F> = F extends Defined<infer S, unknown> ? S : never;

/**
 * The name of a function a plot can draw: every function of the table of
 * operations (src/ops.ts) whose entry has a `plot`, the one-input ones.
 *
 * @example
 * ```ts
 * const fn: PlotFunction = 'tanh';
 * sigmoidPlotSvg({ fn });
 * ```
 */
export type PlotFunction = {
  [K in keyof typeof ops]: EntryOf<(typeof ops)[K]> extends { readonly plot: object } ? K : never;
}[keyof typeof ops];

/**
 * The functions a plot can draw, by name, in the table's order: `sigmoid`,
 * `sigmoidDerivative`, then the family's (`tanh`, `silu`, `softplus`,
 * `logSigmoid`, `logit` and their derivatives).
 *
 * @example
 * ```ts
 * PLOT_FUNCTIONS.includes('silu'); // true
 * ```
 */
export const PLOT_FUNCTIONS: readonly PlotFunction[] = OPS.filter((s) => s.plot !== undefined).map((s) => s.name as PlotFunction);

/**
 * Colours of the curves, by function name (any CSS colour: `#rrggbb`, a
 * name, `rgb(...)`); a function left out keeps its table colour (`sigmoid`
 * `#307EC7`, `sigmoidDerivative` `#9621E2`, `tanh` `#E8710A`, ...).
 *
 * @example
 * ```ts
 * sigmoidPlotSvg({ colors: { sigmoid: 'black', sigmoidDerivative: '#c00' } });
 * ```
 */
export type PlotColors = { [K in PlotFunction]?: string };

/**
 * Options of {@link sigmoidPlotSvg}; every one is optional.
 *
 * @example
 * ```ts
 * const options: PlotOptions = { from: -8, to: 8, step: 0.02, width: 600, height: 333, tanh: true };
 * sigmoidPlotSvg(options);
 * ```
 */
export interface PlotOptions {
  /**
   * What to draw (default `'sigmoid'`): one of {@link PLOT_FUNCTIONS}, with
   * the function its entry draws it with (`'sigmoid'`, `'tanh'`, `'silu'`:
   * their derivatives, two curves), or a list of them, drawn exactly.
   */
  fn?: PlotFunction | readonly PlotFunction[];
  /** First x (default -6; 0 when only functions of a probability, `logit`, are drawn). */
  from?: number;
  /** Last x (default 6; 1 when only `logit` is drawn); must be greater than `from`. */
  to?: number;
  /** Distance between sample points (default 0.01; 0.001 when only `logit` is drawn); at most 1e6 points. */
  step?: number;
  /** Width in pixels (default 900). */
  width?: number;
  /** Height in pixels (default 500). */
  height?: number;
  colors?: PlotColors;
  /** Stroke width of the curves in pixels (default 3). */
  lineWidth?: number;
  /** Also draw tanh and its derivative 1 - tanh² (dashed), for contrast (default false); curves `fn` draws already are not repeated. */
  tanh?: boolean;
  /** The kernel that computes the curves (default: the package's default kernel). */
  kernel?: Kernel;
}

/**
 * Most sample points per curve: beyond this the SVG gets too large to be useful.
 *
 * @example
 * ```ts
 * const step = Math.max(0.01, (to - from) / (MAX_PLOT_POINTS - 1));
 * ```
 */
export const MAX_PLOT_POINTS = 1_000_000;

/** The entry of a function a plot can draw, with its `plot`. */
type Plotted = OpSpec & { readonly plot: NonNullable<OpSpec['plot']> };
const entry = (fn: PlotFunction): Plotted => opNamed(fn) as Plotted;

/** A function and the one its entry draws it with (`sigmoid` and `sigmoidDerivative`), or the function alone. */
function withItsPartner(fn: PlotFunction): readonly PlotFunction[] {
  const partner = entry(fn).plot.with;
  return partner === undefined ? [fn] : [fn, partner as PlotFunction];
}

const DEFAULT_COLORS = Object.fromEntries(PLOT_FUNCTIONS.map((fn) => [fn, entry(fn).plot.color])) as Required<PlotColors>;

/** What `tanh: true` adds: the article's contrast, tanh and its derivative. */
const TANH_CONTRAST = withItsPartner('tanh');

const OPTION_KEYS = new Set(['fn', 'from', 'to', 'step', 'width', 'height', 'colors', 'lineWidth', 'tanh', 'kernel']);
const COLOR_KEYS = new Set<string>(PLOT_FUNCTIONS);

/** Letters, digits, `#`, `(`, `)`, `,`, `.`, `%`, `-`, spaces: every CSS colour form, and nothing that can break out of an attribute. */
const COLOR_PATTERN = /^[#a-zA-Z0-9(),.% -]{1,64}$/;

/** One curve: its legend label, colour, dash pattern and y values. */
interface Series {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly dash: string | null;
  readonly y: Float64Array;
}

/**
 * The sigmoid and its derivative over `[from, to]` (or the functions `fn`
 * names) as a standalone SVG document (a string), computed with this
 * package's own functions.
 *
 * The sample points are `from + i * step` up to `to` (included when it falls
 * on the grid): 1201 points for the defaults. Each curve is one `<path>` with
 * `data-series` (its entry's `plot.id`: `sigmoid`, `derivative` for
 * `sigmoidDerivative`, `tanh`, `tanh-derivative`, `silu`, `silu-derivative`,
 * `softplus`, `log-sigmoid`, `logit`) and `data-points` (the number of
 * sample points) attributes; points where a function is not
 * finite (logit at 0 and 1, NaN outside [0, 1]) leave a gap. The same
 * options always give the same string.
 *
 * @throws {TypeError} when an option has the wrong type or is unknown.
 * @throws {RangeError} when `from >= to`, `step <= 0`, there would be more
 *   than {@link MAX_PLOT_POINTS} points, or a size is out of range.
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { sigmoidPlotSvg } from 'sigmoid-wasm/plot';
 * writeFileSync('sigmoid.svg', sigmoidPlotSvg());
 * writeFileSync('sigmoid-tanh.svg', sigmoidPlotSvg({ tanh: true, from: -4, to: 4 }));
 * writeFileSync('silu.svg', sigmoidPlotSvg({ fn: 'silu' }));          // SiLU and its derivative
 * writeFileSync('logit.svg', sigmoidPlotSvg({ fn: 'logit' }));        // over (0, 1)
 * writeFileSync('pair.svg', sigmoidPlotSvg({ fn: ['softplus', 'sigmoid'] }));
 * document.body.innerHTML = sigmoidPlotSvg({ width: 450, height: 250 });
 * ```
 */
export function sigmoidPlotSvg(options: PlotOptions = {}): string {
  const o = validate(options);
  const xs = samplePoints(o.from, o.to, o.step);
  const kernel = o.kernel ?? defaultKernel();
  const curve = (fn: PlotFunction, dash: string | null): Series => {
    const { id, label } = entry(fn).plot;
    return { id, label, color: o.colors[fn], dash, y: kernel[fn](xs) };
  };
  const series = o.fns.map((fn) => curve(fn, null));
  if (o.tanh) {
    // The article's contrast: tanh and its derivative, dashed.
    TANH_CONTRAST.forEach((fn, i) => {
      if (!o.fns.includes(fn)) series.push(curve(fn, dashFor(o.lineWidth, i as 0 | 1)));
    });
  }
  return render(o, xs, series);
}

// ---- options --------------------------------------------------------------

interface Resolved {
  fns: readonly PlotFunction[];
  from: number;
  to: number;
  step: number;
  width: number;
  height: number;
  lineWidth: number;
  tanh: boolean;
  colors: Required<PlotColors>;
  kernel: Kernel | undefined;
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

function num(options: PlotOptions, key: 'from' | 'to' | 'step' | 'width' | 'height' | 'lineWidth', fallback: number): number {
  const v: unknown = options[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number') throw new TypeError(`sigmoidPlotSvg: options.${key} must be a number (got ${typeName(v)})`);
  if (!Number.isFinite(v)) throw new RangeError(`sigmoidPlotSvg: options.${key} must be finite (got ${v})`);
  return v;
}

function validate(options: PlotOptions): Resolved {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`sigmoidPlotSvg: options must be an object (got ${typeName(options)})`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new TypeError(`sigmoidPlotSvg: unknown option '${key}'`);
  }
  const fns = functionsOf(options.fn);
  // logit's domain is [0, 1]: functions of a probability drawn alone get that range.
  const probabilityOnly = fns.every((f) => entry(f).domain === 'probability');
  const from = num(options, 'from', probabilityOnly ? 0 : -6);
  const to = num(options, 'to', probabilityOnly ? 1 : 6);
  const step = num(options, 'step', probabilityOnly ? 0.001 : 0.01);
  const width = num(options, 'width', 900);
  const height = num(options, 'height', 500);
  const lineWidth = num(options, 'lineWidth', 3);
  if (from >= to) throw new RangeError(`sigmoidPlotSvg: from must be less than to (got from ${from}, to ${to})`);
  if (!Number.isFinite(to - from)) throw new RangeError(`sigmoidPlotSvg: the range [${from}, ${to}] is too wide`);
  if (step <= 0) throw new RangeError(`sigmoidPlotSvg: step must be positive (got ${step})`);
  const points = pointCount(from, to, step);
  if (points > MAX_PLOT_POINTS) {
    throw new RangeError(`sigmoidPlotSvg: ${points > 1e15 ? 'too many' : points} points (at most ${MAX_PLOT_POINTS}); use a larger step`);
  }
  for (const [key, v] of [['width', width], ['height', height]] as const) {
    if (v < 100 || v > 20000) throw new RangeError(`sigmoidPlotSvg: ${key} must be between 100 and 20000 pixels (got ${v})`);
  }
  if (lineWidth <= 0 || lineWidth > 50) throw new RangeError(`sigmoidPlotSvg: lineWidth must be in (0, 50] (got ${lineWidth})`);
  const tanh: unknown = options.tanh ?? false;
  if (typeof tanh !== 'boolean') throw new TypeError(`sigmoidPlotSvg: options.tanh must be a boolean (got ${typeName(tanh)})`);
  const kernel: unknown = options.kernel;
  if (kernel !== undefined && (kernel === null || typeof kernel !== 'object' || typeof (kernel as Kernel).sigmoid !== 'function')) {
    throw new TypeError(`sigmoidPlotSvg: options.kernel must be a kernel from createKernel() (got ${typeName(kernel)})`);
  }
  return { fns, from, to, step, width, height, lineWidth, tanh, colors: colorsOf(options.colors), kernel: kernel as Kernel | undefined };
}

function isPlotFunction(v: unknown): v is PlotFunction {
  return typeof v === 'string' && (PLOT_FUNCTIONS as readonly string[]).includes(v);
}

/** `fn` as the list of curves to draw: a name gives it and the function its entry draws it with (its derivative), a list itself. */
function functionsOf(fn: unknown): readonly PlotFunction[] {
  const known = `one of ${PLOT_FUNCTIONS.join(', ')}`;
  if (fn === undefined) return withItsPartner('sigmoid');
  if (typeof fn === 'string') {
    if (!isPlotFunction(fn)) throw new TypeError(`sigmoidPlotSvg: unknown function '${fn}' for options.fn (${known})`);
    return withItsPartner(fn);
  }
  if (!Array.isArray(fn)) throw new TypeError(`sigmoidPlotSvg: options.fn must be a function name or an array of them (got ${typeName(fn)})`);
  if (fn.length === 0) throw new TypeError('sigmoidPlotSvg: options.fn must name at least one function');
  for (const f of fn) {
    if (!isPlotFunction(f)) throw new TypeError(`sigmoidPlotSvg: unknown function ${typeof f === 'string' ? `'${f}'` : typeName(f)} in options.fn (${known})`);
  }
  if (new Set(fn).size !== fn.length) throw new TypeError(`sigmoidPlotSvg: options.fn names a function twice (${fn.join(', ')})`);
  return fn.slice() as PlotFunction[];
}

function colorsOf(colors: unknown): Required<PlotColors> {
  if (colors === undefined) return DEFAULT_COLORS;
  if (colors === null || typeof colors !== 'object' || Array.isArray(colors)) {
    throw new TypeError(`sigmoidPlotSvg: options.colors must be an object (got ${typeName(colors)})`);
  }
  const out = { ...DEFAULT_COLORS };
  for (const [key, v] of Object.entries(colors)) {
    if (!COLOR_KEYS.has(key)) throw new TypeError(`sigmoidPlotSvg: unknown colour '${key}' (known: ${[...COLOR_KEYS].join(', ')})`);
    if (v === undefined) continue;
    if (typeof v !== 'string' || !COLOR_PATTERN.test(v)) {
      throw new TypeError(`sigmoidPlotSvg: colors.${key} must be a CSS colour such as '#307EC7' (got ${typeof v === 'string' ? JSON.stringify(v) : typeName(v)})`);
    }
    out[key as keyof PlotColors] = v;
  }
  return out;
}

// ---- sampling -------------------------------------------------------------

/** How many grid points from..to; the epsilon keeps `to` when rounding puts it a hair past the grid. */
function pointCount(from: number, to: number, step: number): number {
  return Math.floor((to - from) / step + 1e-9) + 1;
}

/** `from + i * step` (not a running sum, which drifts), the last one clamped to `to`. */
function samplePoints(from: number, to: number, step: number): Float64Array {
  const n = pointCount(from, to, step);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = Math.min(from + i * step, to);
  return xs;
}

// ---- axes -----------------------------------------------------------------

/** The "nice" ticks (1, 2, 2.5, 5 times a power of ten) inside [lo, hi], about `target` of them. */
function ticks(lo: number, hi: number, target: number): { values: number[]; decimals: number } {
  const raw = (hi - lo) / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * power;
  // Enough decimals to show the step exactly (a relative test: steps can be tiny).
  let decimals = 0;
  for (let scaled = step; decimals < 20 && Math.abs(Math.round(scaled) - scaled) > 1e-6 * scaled; scaled = step * 10 ** ++decimals);
  const values: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
    values.push(Number((k * step).toFixed(decimals)));
  }
  return { values, decimals };
}

/** A tick label: fixed decimals, a true minus sign, never "-0". */
function tickLabel(v: number, decimals: number): string {
  const text = (v === 0 ? 0 : v).toFixed(decimals);
  return text.startsWith('-') ? `&#8722;${text.slice(1)}` : text;
}

/** Pixel coordinates with two decimals: plenty for a screen, and stable across engines. */
function px(v: number): string {
  const r = Math.round(v * 100) / 100;
  return String(r === 0 ? 0 : r);
}

/** Dash patterns scaled to the line width, so dashes stay visible at any thickness. */
function dashFor(lineWidth: number, which: 0 | 1): string {
  const w = Math.max(lineWidth, 1);
  return which === 0 ? `${px(4 * w)} ${px(2.5 * w)}` : `${px(1.2 * w)} ${px(2 * w)}`;
}

// ---- rendering ------------------------------------------------------------

function render(o: Resolved, xs: Float64Array, series: Series[]): string {
  const { width: W, height: H } = o;
  const font = Math.max(9, Math.round(14 * Math.min(W / 900, H / 500) * 10) / 10);
  const tickLength = font * 0.4;

  // The axes area. Equal side margins keep the origin centred for a range
  // symmetric around 0; the bottom one leaves room for tick labels when the
  // bottom spine sits at the lower edge (0 outside the y range).
  const side = Math.max(0.06 * W, 3.6 * font);
  const left = side;
  const right = W - side;
  const top = Math.max(0.05 * H, font);
  const bottom = H - Math.max(0.08 * H, 2.6 * font);

  // The legend gets its own headroom above the data, so it never covers a
  // curve (the sigmoid and tanh approach their maximum at the upper right).
  const rowHeight = font * 1.5;
  const legendHeight = series.length * rowHeight + font * 0.5;
  const dataTop = top + legendHeight;

  // Data limits with matplotlib's 5% margins.
  const xPad = 0.05 * (o.to - o.from);
  const x0 = o.from - xPad;
  const x1 = o.to + xPad;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const s of series) {
    for (const v of s.y) {
      // Only finite values count (logit is infinite at 0 and 1): those are gaps.
      if (!Number.isFinite(v)) continue;
      if (v < yMin) yMin = v;
      if (v > yMax) yMax = v;
    }
  }
  if (!(yMax > yMin)) {
    // Flat curves (a tiny range far in a tail): give them a visible band.
    const c = Number.isFinite(yMin) ? yMin : 0;
    yMin = c - 0.5;
    yMax = c + 0.5;
  }
  const yPad = 0.05 * (yMax - yMin);
  const y0 = yMin - yPad;
  const y1 = yMax + yPad;

  const sx = (x: number): number => left + ((x - x0) / (x1 - x0)) * (right - left);
  const sy = (y: number): number => bottom - ((y - y0) / (y1 - y0)) * (bottom - dataTop);

  // The spines pass through the origin; when 0 is outside a range they stay
  // at the nearer edge of the axes, as ordinary axes.
  const originX = Math.min(Math.max(sx(0), left), right);
  const originY = Math.min(Math.max(sy(0), dataTop), bottom);
  const xThroughZero = x0 < 0 && 0 < x1;
  const yThroughZero = y0 < 0 && 0 < y1;
  const centred = xThroughZero && yThroughZero;

  const xTicks = ticks(x0, x1, (right - left) / (font * 6));
  const yTicks = ticks(y0, y1, (bottom - dataTop) / (font * 3.2));

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(W)}" height="${px(H)}" viewBox="0 0 ${px(W)} ${px(H)}"` +
      ` font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="${px(font)}" role="img"` +
      ` data-origin="${px(originX)} ${px(originY)}">`,
  );
  out.push(`<title>${series.map((s) => s.label).join(', ')} over [${o.from}, ${o.to}]</title>`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);

  // The curves first: spines, ticks and labels go over them, as in matplotlib.
  for (const s of series) {
    const d: string[] = [];
    let pen = false; // whether the previous point was drawn: a non-finite value lifts the pen
    for (let i = 0; i < xs.length; i++) {
      const y = s.y[i]!;
      if (!Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d.push(`${pen ? 'L' : 'M'}${px(sx(xs[i]!))},${px(sy(y))}`);
      pen = true;
    }
    out.push(
      `<path class="series" data-series="${s.id}" data-points="${xs.length}" fill="none" stroke="${s.color}"` +
        ` stroke-width="${px(o.lineWidth)}" stroke-linejoin="round" stroke-linecap="${s.dash === null ? 'round' : 'butt'}"` +
        `${s.dash === null ? '' : ` stroke-dasharray="${s.dash}"`} d="${d.join('')}"/>`,
    );
  }

  // Left and bottom spines over the data limits; the top and right ones are not drawn.
  out.push(`<g class="spines" stroke="#000000" stroke-width="1.25" stroke-linecap="square">`);
  out.push(`<line class="spine-left" x1="${px(originX)}" y1="${px(sy(y1))}" x2="${px(originX)}" y2="${px(bottom)}"/>`);
  out.push(`<line class="spine-bottom" x1="${px(left)}" y1="${px(originY)}" x2="${px(right)}" y2="${px(originY)}"/>`);
  out.push(`</g>`);

  // Ticks and labels. The two "0" labels at a centred origin would sit on the
  // other spine, so they are replaced by one "0" below-left of the origin.
  // A white halo keeps the labels readable where a curve crosses them.
  out.push(`<g class="ticks" stroke="#000000" stroke-width="1">`);
  for (const v of xTicks.values) {
    const x = px(sx(v));
    out.push(`<line x1="${x}" y1="${px(originY)}" x2="${x}" y2="${px(originY + tickLength)}"/>`);
  }
  for (const v of yTicks.values) {
    const y = px(sy(v));
    out.push(`<line x1="${px(originX - tickLength)}" y1="${y}" x2="${px(originX)}" y2="${y}"/>`);
  }
  out.push(`</g>`);
  out.push(`<g class="tick-labels" fill="#000000" stroke="#ffffff" stroke-width="${px(font * 0.25)}" stroke-linejoin="round" paint-order="stroke">`);
  const labelGap = tickLength + font * 0.3;
  for (const v of xTicks.values) {
    if (centred && v === 0) continue;
    out.push(`<text x="${px(sx(v))}" y="${px(originY + labelGap + font * 0.8)}" text-anchor="middle">${tickLabel(v, xTicks.decimals)}</text>`);
  }
  for (const v of yTicks.values) {
    if (centred && v === 0) continue;
    out.push(`<text x="${px(originX - labelGap)}" y="${px(sy(v) + font * 0.35)}" text-anchor="end">${tickLabel(v, yTicks.decimals)}</text>`);
  }
  if (centred) {
    out.push(`<text x="${px(originX - labelGap)}" y="${px(originY + labelGap + font * 0.8)}" text-anchor="end">0</text>`);
  }
  out.push(`</g>`);

  // Frameless legend, right-aligned at the upper right of the axes. Label
  // widths are estimated (0.6 em a character): there is no text metrics API
  // without a DOM, and the estimate only places the block.
  const sample = font * 2.2;
  const gap = font * 0.6;
  const longest = Math.max(...series.map((s) => s.label.length));
  const legendLeft = right - longest * font * 0.6 - gap - sample;
  out.push(`<g class="legend">`);
  series.forEach((s, i) => {
    const y = top + font * 0.5 + rowHeight * (i + 0.5);
    out.push(
      `<line x1="${px(legendLeft)}" y1="${px(y)}" x2="${px(legendLeft + sample)}" y2="${px(y)}" stroke="${s.color}"` +
        ` stroke-width="${px(o.lineWidth)}"${s.dash === null ? '' : ` stroke-dasharray="${s.dash}"`}/>`,
    );
    out.push(`<text x="${px(legendLeft + sample + gap)}" y="${px(y + font * 0.35)}" fill="#000000">${s.label}</text>`);
  });
  out.push(`</g>`);
  out.push(`</svg>`);
  return out.join('\n') + '\n';
}
