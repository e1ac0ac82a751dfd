/**
 * The Electron shells (apps/<app>/electron) scanned with @doyensec/electronegativity, assuming the Electron we
 * ship (45.5.0). Every finding above LOW must be justified in docs/quality.md, in the table of the section
 * "Electronegativity findings", as a row `| <app> | <CHECK_ID> | … |`; an unjustified finding fails the test.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/browser.ts';

const run = promisify(execFile);
const ELECTRON_VERSION = '45.5.0';
const CLI = join(REPO_ROOT, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
const HOOK = join(import.meta.dirname, 'support', 'electronegativity-typescript.cjs');

interface Finding {
  readonly app: string;
  readonly check: string;
  readonly severity: string;
  readonly confidence: string;
  readonly where: string;
}

/** Splits one CSV line (fields may be quoted and contain commas). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (c === '"' && line[i + 1] === '"' && quoted) {
      field += '"';
      i += 1;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}

async function scan(app: string, out: string): Promise<Finding[]> {
  const csv = join(out, `${app}.csv`);
  await run(
    process.execPath,
    [
      '--require',
      HOOK,
      CLI,
      '-i',
      join(REPO_ROOT, 'apps', app, 'electron'),
      '-e',
      ELECTRON_VERSION,
      '-r',
      '-o',
      csv,
    ],
    {
      cwd: REPO_ROOT,
      timeout: 180_000,
    },
  );
  const lines = readFileSync(csv, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '');
  return lines.map((line) => {
    const [check = '', severity = '', confidence = '', file = '', location = ''] = csvFields(line);
    return { app, check, severity, confidence, where: `${file}:${location}` };
  });
}

/** `(app, CHECK)` pairs justified in docs/quality.md. */
function justified(): Set<string> {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'quality.md'), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('Electronegativity findings')) ?? '';
  const pairs = new Set<string>();
  for (const row of section.split('\n')) {
    const cells = row.split('|').map((c) => c.trim());
    if (cells.length >= 4 && /^[A-Z_]+$/.test(cells[2] ?? '')) pairs.add(`${cells[1]} ${cells[2]}`);
  }
  return pairs;
}

const apps = readdirSync(join(REPO_ROOT, 'apps')).filter((app) =>
  existsSync(join(REPO_ROOT, 'apps', app, 'electron')),
);

describe('Electron shells under electronegativity', () => {
  it(`finds nothing above LOW that docs/quality.md does not justify (${apps.join(', ')})`, {
    timeout: 300_000,
  }, async () => {
    expect(apps.length).toBeGreaterThan(0);
    const out = mkdtempSync(join(tmpdir(), 'hallq-electronegativity-'));
    try {
      const findings = (await Promise.all(apps.map((app) => scan(app, out)))).flat();
      const serious = findings.filter((f) => f.severity !== 'LOW' && f.severity !== 'INFORMATIONAL');
      console.log(
        `electronegativity: ${findings.length} findings, ${serious.length} above LOW: ` +
          serious.map((f) => `${f.app} ${f.check} (${f.severity}/${f.confidence}) ${f.where}`).join('; '),
      );
      const ok = justified();
      expect(
        serious.filter((f) => !ok.has(`${f.app} ${f.check}`)).map((f) => `${f.app} ${f.check} at ${f.where}`),
      ).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
