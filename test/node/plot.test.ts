// The plot: a well-formed standalone SVG with the article's look, computed by
// the package, deterministic, and strict about its options.
import { describe, expect, it } from 'vitest';

import { createKernel, sigmoid } from '../../src/index.js';
import { MAX_PLOT_POINTS, sigmoidPlotSvg, type PlotOptions } from '../../src/plot.js';

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
    const custom = sigmoidPlotSvg({ width: 450, height: 250, lineWidth: 1.5, colors: { sigmoid: 'red', derivative: 'rgb(0, 128, 0)' } });
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
  });
});
