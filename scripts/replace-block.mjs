// The generated blocks of the docs: the text between <!-- name:start --> and
// <!-- name:end --> in README.md, docs/*.md or CONTRIBUTING.md, rewritten by
// the scripts that own them (scripts/docs.mjs, bench/report.mjs,
// scripts/verify/report.mjs) from the JSON the figures come from.
//
// A block's name is unique across those pages: a generator that still names
// README.md for a block that moved to a docs page finds it there, and the
// block's relative links, written from the root, are made relative to that
// page.
//
// Check mode (test/node/docs.test.ts): inside `checkBlocks(run)`, or with
// SIGMOID_WASM_DOCS_CHECK=1 in the environment, replaceBlock renders the
// block, compares it with the page's and records the outcome instead of
// writing, so a generator runs unchanged and the test names the block that
// differs.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

const markers = (name) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];

/** The text between a block's markers (without the newlines next to them), or undefined when the text has no such block. */
export function blockOf(text, name) {
  const [start, end] = markers(name);
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) return undefined;
  return text.slice(i + start.length, j).replace(/^\n/, '').replace(/\n$/, '');
}

/** The text with a block's body replaced (the markers kept). Throws when the text has no such block. */
export function withBlock(text, name, body, file = 'the text') {
  const [start, end] = markers(name);
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${file} has no ${start} ... ${end} block`);
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`;
}

/** Every page that may hold blocks, under a repository root: README.md, CONTRIBUTING.md, docs/*.md. */
export function docPages(root) {
  const pages = ['README.md', 'CONTRIBUTING.md'].map((f) => join(root, f));
  const docs = join(root, 'docs');
  if (existsSync(docs)) pages.push(...readdirSync(docs).filter((f) => f.endsWith('.md')).sort().map((f) => join(docs, f)));
  return pages.filter((f) => existsSync(f));
}

/**
 * The page that holds a block: `file` when it has it; otherwise, when `file`
 * is a root's README.md, the one page under that root that has it.
 */
export function pageOf(file, name) {
  if (existsSync(file) && blockOf(readFileSync(file, 'utf8'), name) !== undefined) return file;
  const [start, end] = markers(name);
  if (basename(file) !== 'README.md') throw new Error(`${file} has no ${start} ... ${end} block`);
  const holders = docPages(dirname(file)).filter((f) => blockOf(readFileSync(f, 'utf8'), name) !== undefined);
  if (holders.length !== 1) {
    throw new Error(`${holders.length ? `${holders.join(', ')} each have` : `no page under ${dirname(file)} has`} a ${start} ... ${end} block (one page must)`);
  }
  return holders[0];
}

/**
 * A block's relative Markdown links (`](path)`, `](path#anchor)`), written
 * for a page in `from`, rewritten for a page in `to`.
 */
export function relocateLinks(body, from, to) {
  if (from === to) return body;
  return body.replace(/\]\(([^)#\s]+)(#[^)\s]*)?\)/g, (link, path, anchor = '') =>
    /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/') ? link : `](${relative(to, join(from, path)).split('\\').join('/')}${anchor})`,
  );
}

/** The blocks checked while check mode is on: { file, name, same, expected, actual }. */
let checked = null;

/**
 * Runs `run` (sync or async) in check mode and returns what replaceBlock
 * saw: one record per block, `same` false where the page's text differs
 * from what the generator renders.
 */
export async function checkBlocks(run) {
  const outer = checked;
  checked = [];
  try {
    await run();
    return checked;
  } finally {
    checked = outer;
  }
}

/**
 * Replaces the text between <!-- name:start --> and <!-- name:end --> in a
 * page (README.md finds a block that moved to a docs page); in check mode,
 * compares instead of writing.
 */
export function replaceBlock(file, name, body) {
  const page = pageOf(file, name);
  const text = readFileSync(page, 'utf8');
  const next = withBlock(text, name, relocateLinks(body, dirname(file), dirname(page)), page);
  if (checked || process.env.SIGMOID_WASM_DOCS_CHECK === '1') {
    const record = { file: page, name, same: next === text, expected: blockOf(next, name), actual: blockOf(text, name) };
    if (checked) checked.push(record);
    else if (!record.same) throw new Error(`${page}: block ${name} differs from what its generator writes`);
    return;
  }
  if (next !== text) writeFileSync(page, next);
}
