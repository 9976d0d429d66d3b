// The generated blocks of README.md: the text between <!-- name:start -->
// and <!-- name:end -->, rewritten by the accuracy and benchmark reports.
import { readFileSync, writeFileSync } from 'node:fs';

/** Replaces the text between <!-- name:start --> and <!-- name:end --> in a file. */
export function replaceBlock(file, name, body) {
  const text = readFileSync(file, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${file} has no ${start} ... ${end} block`);
  writeFileSync(file, `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`);
}
