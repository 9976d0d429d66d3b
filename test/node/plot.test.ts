// The plot: a well-formed standalone SVG with the article's look, computed by
// the package, deterministic, and strict about its options; any function of
// the sigmoid family (fn), the article's sigmoid/tanh contrast unchanged.
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { createKernel, logit, sigmoid, silu, siluDerivative } from '../../src/index.js';
import { MAX_PLOT_POINTS, PLOT_FUNCTIONS, sigmoidPlotSvg, type PlotFunction, type PlotOptions } from '../../src/plot.js';
import { OPS } from '../../src/table.js';

/**
 * A small well-formedness check (no XML parser among the dev dependencies):
 * balanced tags, one root, quoted attributes, escaped text.
 */
function checkWellFormed(xml: string): void {
  const stack: string[] = [];
  let roots = 0;
  const token = /<[^>]*>|[^<]+/g;
  const entity = /&(?:#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);/g;
  for (const [t] of xml.matchAll(token)) {
    if (!t.startsWith('<')) {
      if (stack.length === 0 && t.trim() !== '') throw new Error(`text outside the root: ${t.slice(0, 40)}`);
      if (t.replace(entity, '').includes('&')) throw new Error(`unescaped & in text: ${t.slice(0, 40)}`);
      continue;
    }
    if (t.startsWith('<?') || t.startsWith('<!--')) continue;
    const close = /^<\/([\w:-]+)\s*>$/.exec(t);
    if (close) {
      const open = stack.pop();
      if (open !== close[1]) throw new Error(`</${close[1]}> closes <${open}>`);
      continue;
    }
    const tag = /^<([\w:-]+)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>$/.exec(t);
    if (!tag) throw new Error(`malformed tag: ${t.slice(0, 80)}`);
    if (tag[2]!.replace(entity, '').includes('&')) throw new Error(`unescaped & in attributes: ${t.slice(0, 80)}`);
    const names = [...tag[2]!.matchAll(/([\w:-]+)="/g)].map((m) => m[1]);
    if (new Set(names).size !== names.length) throw new Error(`duplicate attribute: ${t.slice(0, 80)}`);
    if (stack.length === 0) roots++;
    if (tag[3] !== '/') stack.push(tag[1]!);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}

interface Path {
  series: string;
  stroke: string;
  dashed: boolean;
  points: Array<[number, number]>;
}

function paths(svg: string): Path[] {
  return [...svg.matchAll(/<path [^>]*>/g)].map(([tag]) => ({
    series: /data-series="([^"]+)"/.exec(tag)![1]!,
    stroke: /stroke="([^"]+)"/.exec(tag)![1]!,
    dashed: tag.includes('stroke-dasharray'),
    points: [...(/ d="([^"]+)"/.exec(tag)![1]!).matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]),
  }));
}

function line(svg: string, cls: string): { x1: number; y1: number; x2: number; y2: number } {
  const tag = new RegExp(`<line class="${cls}"[^>]*>`).exec(svg)![0];
  const attr = (name: string): number => Number(new RegExp(` ${name}="([^"]+)"`).exec(tag)![1]);
  return { x1: attr('x1'), y1: attr('y1'), x2: attr('x2'), y2: attr('y2') };
}

describe('sigmoidPlotSvg', () => {
  const svg = sigmoidPlotSvg();

  it('is a well-formed standalone SVG of 900x500 (9:5)', () => {
    expect(() => checkWellFormed(svg)).not.toThrow();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="900" height="500" viewBox="0 0 900 500"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(checkWellFormed.bind(null, '<svg><g></svg>')).toThrow(); // the checker itself checks
    expect(() => checkWellFormed(sigmoidPlotSvg({ tanh: true, from: -2.5, to: 7, step: 0.05, width: 333, height: 185 }))).not.toThrow();
  });

  it('draws the sigmoid in #307EC7 and the derivative in #9621E2, width 3, with a legend', () => {
    const [s, d, ...rest] = paths(svg);
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ series: 'sigmoid', stroke: '#307EC7', dashed: false });
    expect(d).toMatchObject({ series: 'derivative', stroke: '#9621E2', dashed: false });
    expect(svg).toMatch(/<path [^>]*data-series="sigmoid"[^>]*stroke-width="3"/);
    expect(svg).toMatch(/<g class="legend">[\s\S]*>sigmoid<\/text>[\s\S]*>derivative<\/text>/);
  });

  it('samples [-6, 6] in steps of 0.01: 1201 points per path, the values of the package', () => {
    const [s, d] = paths(svg);
    expect(s!.points).toHaveLength(1201);
    expect(d!.points).toHaveLength(1201);
    expect(svg.match(/data-points="1201"/g)).toHaveLength(2);
    expect(paths(sigmoidPlotSvg({ from: 0, to: 1, step: 0.25 }))[0]!.points).toHaveLength(5);
    expect(paths(sigmoidPlotSvg({ from: 0, to: 1, step: 0.3 }))[0]!.points).toHaveLength(4); // 0, .3, .6, .9
    // Monotone in x, increasing sigmoid (y grows downwards in SVG).
    const xs = s!.points.map((p) => p[0]);
    expect(xs.every((x, i) => i === 0 || x > xs[i - 1]!)).toBe(true);
    expect(s!.points.every((p, i) => i === 0 || p[1] <= s!.points[i - 1]![1])).toBe(true);
  });

  it('puts the origin where the spines cross: centred for a symmetric range', () => {
    const left = line(svg, 'spine-left');
    const bottom = line(svg, 'spine-bottom');
    expect(left.x1).toBe(450); // equal side margins: x = 0 in the middle
    expect(left.x2).toBe(450);
    expect(bottom.y1).toBe(bottom.y2);
    expect(svg).toContain(`data-origin="450 ${bottom.y1}"`);
    const [s, d] = paths(svg);
    const at0 = 600; // x = -6 + 600 * 0.01
    expect(s!.points[at0]![0]).toBe(450);
    // sigmoid(0) = 0.5 and derivative(0) = 0.25, measured from the bottom spine (y = 0).
    const s0 = bottom.y1 - s!.points[at0]![1];
    const d0 = bottom.y1 - d!.points[at0]![1];
    expect(s0 / d0).toBeCloseTo(2, 2);
    // At x = ±6 the derivative (0.0025) is just above the x axis.
    expect(bottom.y1 - d!.points[0]![1]).toBeGreaterThan(0);
    expect(bottom.y1 - d!.points[0]![1]).toBeCloseTo(s0 * 0.0049, 0);
    // Top and right spines are hidden: only the two spine lines exist.
    expect(svg.match(/class="spine-/g)).toHaveLength(2);
  });

  it('keeps the spines at the edges when 0 is outside the range', () => {
    const other = sigmoidPlotSvg({ from: 1, to: 5 });
    const left = line(other, 'spine-left');
    const first = paths(other)[0]!.points[0]!;
    expect(left.x1).toBeLessThan(first[0]); // left of x = 1
    expect(checkWellFormed.bind(null, other)).not.toThrow();
  });

  it('labels the ticks with nice numbers, distinct for tiny and huge ranges', () => {
    const xLabels = (o: PlotOptions): string[] =>
      [...sigmoidPlotSvg(o).matchAll(/<text [^>]*text-anchor="middle">([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(xLabels({})).toEqual(['&#8722;6', '&#8722;4', '&#8722;2', '2', '4', '6']); // "0" once, at the origin
    for (const o of [{ from: 0, to: 1e-12, step: 1e-14 }, { from: -1e300, to: 1e300, step: 1e298 }, { from: 1e6, to: 1e6 + 1 }]) {
      const labels = xLabels(o);
      expect(labels.length).toBeGreaterThan(3);
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  it('adds tanh and 1 - tanh² as two dashed series in two more colours', () => {
    const t = paths(sigmoidPlotSvg({ tanh: true }));
    expect(t.map((p) => p.series)).toEqual(['sigmoid', 'derivative', 'tanh', 'tanh-derivative']);
    expect(t.map((p) => p.dashed)).toEqual([false, false, true, true]);
    expect(new Set(t.map((p) => p.stroke.toLowerCase())).size).toBe(4);
    for (const p of t) expect(p.points).toHaveLength(1201);
  });

  it('is deterministic and honours colours, sizes and line width', () => {
    expect(sigmoidPlotSvg()).toBe(svg);
    expect(sigmoidPlotSvg({ tanh: true })).toBe(sigmoidPlotSvg({ tanh: true }));
    const custom = sigmoidPlotSvg({ width: 450, height: 250, lineWidth: 1.5, colors: { sigmoid: 'red', sigmoidDerivative: 'rgb(0, 128, 0)' } });
    expect(custom).toContain('width="450" height="250" viewBox="0 0 450 250"');
    expect(paths(custom).map((p) => p.stroke)).toEqual(['red', 'rgb(0, 128, 0)']);
    expect(custom).toMatch(/<path [^>]*stroke-width="1.5"/);
  });

  it('computes with the given kernel (the scalar build gives the same figure)', () => {
    expect(sigmoidPlotSvg({ kernel: createKernel({ simd: false }) })).toBe(svg);
    expect(sigmoid(0)).toBe(0.5);
  });

  it('rejects bad options with a TypeError or a RangeError', () => {
    const bad = (o: unknown): (() => string) => () => sigmoidPlotSvg(o as PlotOptions);
    expect(bad({ from: 1, to: 1 })).toThrow(RangeError);
    expect(bad({ from: 2, to: 1 })).toThrow(/from must be less than to/);
    expect(bad({ step: 0 })).toThrow(RangeError);
    expect(bad({ step: -0.1 })).toThrow(RangeError);
    expect(bad({ step: 1e-6 })).toThrow(new RegExp(`at most ${MAX_PLOT_POINTS}`));
    expect(bad({ from: -Infinity })).toThrow(RangeError);
    expect(bad({ from: NaN })).toThrow(RangeError);
    expect(bad({ width: 10 })).toThrow(RangeError);
    expect(bad({ lineWidth: 0 })).toThrow(RangeError);
    expect(bad({ from: '-6' })).toThrow(TypeError);
    expect(bad({ width: '900' })).toThrow(TypeError);
    expect(bad({ tanh: 'yes' })).toThrow(TypeError);
    expect(bad({ colors: '#fff' })).toThrow(TypeError);
    expect(bad({ colors: { sigmoid: '"/><script>' } })).toThrow(TypeError);
    expect(bad({ colors: { sigmod: 'red' } })).toThrow(/unknown colour 'sigmod'/);
    expect(bad({ widht: 900 })).toThrow(/unknown option 'widht'/);
    expect(bad({ kernel: {} })).toThrow(TypeError);
    expect(bad(null)).toThrow(TypeError);
    expect(bad(5)).toThrow(TypeError);
    expect(bad({ fn: 'swish' })).toThrow(`unknown function 'swish' for options.fn (one of ${PLOT_FUNCTIONS.join(', ')})`);
    expect(bad({ fn: 'derivative' })).toThrow(/unknown function 'derivative'/); // the table's name is sigmoidDerivative
    expect(bad({ fn: 'sigmoidBackward' })).toThrow(/unknown function 'sigmoidBackward'/); // no curve: two inputs
    expect(bad({ colors: { derivative: 'red' } })).toThrow(/unknown colour 'derivative'/);
    expect(bad({ fn: ['silu', 'nope'] })).toThrow(/unknown function 'nope' in options.fn/);
    expect(bad({ fn: [] })).toThrow(/at least one function/);
    expect(bad({ fn: 5 })).toThrow(TypeError);
    expect(bad({ fn: ['tanh', 'tanh'] })).toThrow(/names a function twice/);
    expect(bad({ fn: 'logit', from: 1, to: 0.5 })).toThrow(RangeError);
  });
});

describe('sigmoidPlotSvg: the sigmoid family (fn)', () => {
  /** The y value (in data units) of pixel row py, from the two labelled y ticks nearest the ends. */
  function dataY(svg: string): (py: number) => number {
    const labels = [...svg.matchAll(/<text x="[^"]+" y="([^"]+)" text-anchor="end">([^<]*)<\/text>/g)]
      .map((m) => [Number(m[1]), Number(m[2]!.replace('&#8722;', '-'))] as const)
      .filter(([, v]) => Number.isFinite(v) && v !== 0);
    const [a, b] = [labels[0]!, labels.at(-1)!];
    // Labels sit 0.35 font below their tick: the offset cancels in the slope, and is subtracted here.
    const font = Number(/font-size="([^"]+)"/.exec(svg)![1]);
    return (py) => a[1] + ((py + font * 0.35 - a[0]) * (b[1] - a[1])) / (b[0] - a[0]);
  }

  it('the default is the article\'s figure, and docs/ holds it as the package draws it', () => {
    expect(sigmoidPlotSvg({ fn: 'sigmoid' })).toBe(sigmoidPlotSvg());
    expect(sigmoidPlotSvg({ fn: ['sigmoid', 'sigmoidDerivative'] })).toBe(sigmoidPlotSvg());
    expect(readFileSync(new URL('../../docs/sigmoid.svg', import.meta.url), 'utf8')).toBe(sigmoidPlotSvg());
    expect(readFileSync(new URL('../../docs/sigmoid-tanh.svg', import.meta.url), 'utf8')).toBe(sigmoidPlotSvg({ tanh: true }));
    // README's figure of the family.
    expect(
      readFileSync(new URL('../../docs/family.svg', import.meta.url), 'utf8'),
      'regenerate: node bin/sigmoid-wasm.mjs plot --fn sigmoid,tanh,silu,softplus,logSigmoid --from -4 --to 4 --out docs/family.svg',
    ).toBe(sigmoidPlotSvg({ fn: ['sigmoid', 'tanh', 'silu', 'softplus', 'logSigmoid'], from: -4, to: 4 }));
  });

  it("a name draws the function and its derivative where the package has one; others alone", () => {
    // Each function's curve and its partner's (its entry's `plot.with`), by their entries' ids.
    const seriesOf = (fn: PlotFunction): string[] => {
      const plot = OPS.find((s) => s.name === fn)!.plot!;
      return [plot.id, ...(plot.with === undefined ? [] : [OPS.find((s) => s.name === plot.with)!.plot!.id])];
    };
    const expected = Object.fromEntries(PLOT_FUNCTIONS.map((fn) => [fn, seriesOf(fn)])) as Record<PlotFunction, string[]>;
    expect(expected.sigmoid).toEqual(['sigmoid', 'derivative']); // the article's pair, by name
    // The functions a plot draws are the table's entries with a curve, in the table's order.
    expect([...PLOT_FUNCTIONS]).toEqual(OPS.filter((s) => s.plot !== undefined).map((s) => s.name));
    expect(Object.keys(expected).sort()).toEqual([...PLOT_FUNCTIONS].sort());
    for (const fn of PLOT_FUNCTIONS) {
      const svg = sigmoidPlotSvg({ fn });
      expect(() => checkWellFormed(svg)).not.toThrow();
      const p = paths(svg);
      expect(p.map((s) => s.series), fn).toEqual(expected[fn]);
      expect(p.every((s) => !s.dashed)).toBe(true);
      expect(svg).toMatch(/<g class="legend">/);
    }
    // Every function in its own colour.
    const colours = PLOT_FUNCTIONS.map((fn) => paths(sigmoidPlotSvg({ fn: [fn] }))[0]!.stroke.toLowerCase());
    expect(new Set(colours).size).toBe(PLOT_FUNCTIONS.length);
  });

  it('silu over [-6, 6] in steps of 0.01: the package\'s values, legend "SiLU"', () => {
    const svg = sigmoidPlotSvg({ fn: 'silu' });
    const [s, d] = paths(svg);
    expect(s!.points).toHaveLength(1201);
    expect(d!.points).toHaveLength(1201);
    expect(svg).toMatch(/>SiLU<\/text>[\s\S]*>SiLU derivative<\/text>/);
    expect(svg).toContain('<title>SiLU, SiLU derivative over [-6, 6]</title>');
    // Read the values back from the pixels: within a pixel's worth of data units.
    const y = dataY(svg);
    const bottom = line(svg, 'spine-bottom');
    const perPixel = Math.abs(y(0) - y(1));
    for (const i of [0, 300, 489, 600, 800, 1200]) {
      const x = -6 + i * 0.01;
      expect(Math.abs(y(s!.points[i]![1]) - silu(x)), `silu(${x})`).toBeLessThan(perPixel);
      expect(Math.abs(y(d!.points[i]![1]) - siluDerivative(x)), `siluDerivative(${x})`).toBeLessThan(perPixel);
    }
    // The minimum of SiLU, -0.2785 at x = -1.2785, dips below the x axis.
    expect(Math.max(...s!.points.map((p) => p[1]))).toBeGreaterThan(bottom.y1);
  });

  it('logit over (0, 1) by default: 1001 sample points, the infinite ends left out', () => {
    const svg = sigmoidPlotSvg({ fn: 'logit' });
    expect(svg).toContain('data-points="1001"');
    const [p] = paths(svg);
    expect(p!.points).toHaveLength(999); // logit(0) = -Inf and logit(1) = +Inf are gaps
    expect(/ d="M[^M]*"/.test(svg)).toBe(true); // one stroke
    const y = dataY(svg);
    const perPixel = Math.abs(y(0) - y(1));
    expect(Math.abs(y(p!.points[0]![1]) - logit(0.001))).toBeLessThan(perPixel); // -6.9068
    expect(Math.abs(y(p!.points[998]![1]) - logit(0.999))).toBeLessThan(perPixel);
    // Outside [0, 1] logit is NaN: gaps too, the rest still drawn.
    const wide = paths(sigmoidPlotSvg({ fn: 'logit', from: -0.5, to: 1.5, step: 0.25 }))[0]!;
    expect(wide.points).toHaveLength(3); // 0.25, 0.5, 0.75
    // With other functions, the usual range.
    expect(sigmoidPlotSvg({ fn: ['logit', 'sigmoid'] })).toContain('data-points="1201"');
  });

  it('a list draws exactly those curves, in order; tanh: true adds the dashed contrast once', () => {
    const p = paths(sigmoidPlotSvg({ fn: ['softplus', 'sigmoid', 'logSigmoid'] }));
    expect(p.map((s) => s.series)).toEqual(['softplus', 'sigmoid', 'log-sigmoid']);
    const contrast = paths(sigmoidPlotSvg({ fn: 'silu', tanh: true }));
    expect(contrast.map((s) => [s.series, s.dashed])).toEqual([['silu', false], ['silu-derivative', false], ['tanh', true], ['tanh-derivative', true]]);
    const own = paths(sigmoidPlotSvg({ fn: 'tanh', tanh: true }));
    expect(own.map((s) => [s.series, s.dashed])).toEqual([['tanh', false], ['tanh-derivative', false]]);
    const colored = paths(sigmoidPlotSvg({ fn: 'softplus', colors: { softplus: 'black' } }));
    expect(colored[0]!.stroke).toBe('black');
  });

  it('the scalar build gives the same figures', () => {
    const scalar = createKernel({ simd: false });
    for (const fn of PLOT_FUNCTIONS) expect(sigmoidPlotSvg({ fn, kernel: scalar }), fn).toBe(sigmoidPlotSvg({ fn }));
  });
});
