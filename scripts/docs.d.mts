// Types of scripts/docs.mjs, for the TypeScript tests that import it.
export const SPEED_ENGINES: readonly string[];
export const SPEED_N: number;
export function functionTable(ops: readonly unknown[], matrix: unknown): string;
export function contractTable(ops: readonly unknown[]): string;
export function readMatrix(root: string): unknown;
export function writeDocs(root?: string): void;
