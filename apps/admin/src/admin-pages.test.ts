import { describe, expect, it } from 'vitest';
import { ADMIN_PAGES, pageHash, pageOfHash } from './admin-pages.ts';

const all = ADMIN_PAGES.map((p) => p.id);
const supervisor = ADMIN_PAGES.filter((p) => !p.adminOnly).map((p) => p.id);

describe('admin tab addresses', () => {
  it('gives each tab its own address and reads it back', () => {
    for (const page of all) expect(pageOfHash(pageHash(page), all)).toBe(page);
    expect(pageHash('reports')).toBe('#/reports');
    expect(pageOfHash('#reports', all)).toBe('reports');
  });

  it('falls back to supervision for an empty, unknown or forbidden address', () => {
    expect(pageOfHash('', all)).toBe('supervision');
    expect(pageOfHash('#/nowhere', all)).toBe('supervision');
    expect(pageOfHash('#/config', supervisor)).toBe('supervision');
    expect(pageOfHash('#/config', all)).toBe('config');
  });
});
