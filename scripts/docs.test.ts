// The user-facing docs stay true: the README keeps its commands, every local link resolves (headings too), and
// every variable docker-compose.yml reads from the shell is named in the README.
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './testing/compose.ts';

const DOCS = ['README.md', 'CONTRIBUTING.md', 'docs/operations.md'];

function read(relative: string): Promise<string> {
  return readFile(path.join(ROOT, relative), 'utf8');
}

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

async function anchors(relative: string): Promise<Set<string>> {
  const headings = [...(await read(relative)).matchAll(/^#{1,6} (.+)$/gm)].map(([, text]) => text ?? '');
  return new Set(headings.map(anchorOf));
}

describe('README and docs', () => {
  it('the README has the Docker, no-Docker and test commands', async () => {
    const readme = await read('README.md');
    for (const command of ['docker compose up', 'npm ci && npm start', 'npm ci && npm test']) {
      expect(readme).toContain(`\n${command}\n`);
    }
  });

  it('every local link points at an existing file and heading', async () => {
    const broken: string[] = [];
    for (const doc of DOCS) {
      const text = await read(doc);
      for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [file = '', anchor] = target.split('#');
        const resolved = file === '' ? doc : path.join(path.dirname(doc), file);
        try {
          await access(path.join(ROOT, resolved));
        } catch {
          broken.push(`${doc}: ${target} (no such file)`);
          continue;
        }
        if (anchor !== undefined && resolved.endsWith('.md') && !(await anchors(resolved)).has(anchor)) {
          broken.push(`${doc}: ${target} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('names every variable docker-compose.yml reads from the shell', async () => {
    const compose = await read('docker-compose.yml');
    const readme = await read('README.md');
    const variables = new Set([...compose.matchAll(/\$\{([A-Z0-9_]+)/g)].map(([, name]) => name ?? ''));
    expect(variables.size).toBeGreaterThan(0);
    for (const name of variables) expect(readme, name).toContain(`\`${name}\``);
  });
});
