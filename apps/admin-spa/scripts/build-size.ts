// The size report of a console build: every file of dist/ with its raw and gzip size, and the initial JS (the
// scripts index.html loads or preloads) that the first page view must download. `npm run build` prints it.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface FileSize {
  /** Path relative to the build directory, with forward slashes. */
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Loaded by index.html itself (entry script, modulepreload or stylesheet), before any lazy route. */
  initial: boolean;
}

export interface BuildSize {
  files: FileSize[];
  initialJsGzipBytes: number;
  initialCssGzipBytes: number;
  totalGzipBytes: number;
}

/**
 * Budget (docs/architecture.md#benchmarks-and-budgets): the first page view downloads at most 300 KB of gzipped
 * JavaScript.
 */
export const INITIAL_JS_GZIP_BUDGET_BYTES = 300 * 1024;

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      return entry.isDirectory() ? listFiles(dir, relative) : Promise.resolve([relative]);
    }),
  );
  return nested.flat();
}

/** The local files index.html references through src= or href= (absolute paths from the site root). */
export function initialFilesOf(indexHtml: string): Set<string> {
  const referenced = new Set<string>();
  for (const match of indexHtml.matchAll(/\s(?:src|href)="\/([^"?#]+)"/g)) {
    if (match[1] !== undefined) referenced.add(match[1]);
  }
  return referenced;
}

export async function measureBuild(dir: string): Promise<BuildSize> {
  const initial = initialFilesOf(await readFile(path.join(dir, 'index.html'), 'utf8'));
  const files = await Promise.all(
    (await listFiles(dir)).sort().map(async (file): Promise<FileSize> => {
      const content = await readFile(path.join(dir, file));
      return {
        file,
        bytes: content.length,
        gzipBytes: gzipSync(content, { level: 9 }).length,
        initial: initial.has(file) || file === 'index.html',
      };
    }),
  );
  const sum = (selected: FileSize[]) => selected.reduce((total, entry) => total + entry.gzipBytes, 0);
  return {
    files,
    initialJsGzipBytes: sum(files.filter((entry) => entry.initial && entry.file.endsWith('.js'))),
    initialCssGzipBytes: sum(files.filter((entry) => entry.initial && entry.file.endsWith('.css'))),
    totalGzipBytes: sum(files),
  };
}

const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export function formatBuildSize(size: BuildSize): string {
  const width = Math.max(...size.files.map((entry) => entry.file.length), 4);
  const lines = [
    `${'file'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzip'.padStart(10)}`,
    ...size.files.map(
      (entry) =>
        `${entry.file.padEnd(width)}  ${kilobytes(entry.bytes).padStart(10)}  ${kilobytes(entry.gzipBytes).padStart(10)}${entry.initial ? '  initial' : ''}`,
    ),
    '',
    `initial JS (gzip):  ${kilobytes(size.initialJsGzipBytes)} of ${kilobytes(INITIAL_JS_GZIP_BUDGET_BYTES)} budget`,
    `initial CSS (gzip): ${kilobytes(size.initialCssGzipBytes)}`,
    `all files (gzip):   ${kilobytes(size.totalGzipBytes)}`,
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const dir = path.resolve(process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url)));
  const size = await measureBuild(dir);
  // eslint-disable-next-line no-console
  console.log(formatBuildSize(size));
  // A warning, not a failed build: the browser end-to-end test holds the budget.
  if (size.initialJsGzipBytes > INITIAL_JS_GZIP_BUDGET_BYTES) {
    // eslint-disable-next-line no-console
    console.warn('WARNING: the initial JS is over its budget.');
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
