import { describe, expect, it } from 'vitest';
import { ADMIN_PAGES, pageHash, pageOfHash, pagesFor } from './admin-pages.ts';

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
    // Integrations (API clients, webhooks) are an admin's; follow-ups are a supervisor's work too.
    expect(pageOfHash('#/integrations', supervisor)).toBe('supervision');
    expect(pageOfHash('#/integrations', all)).toBe('integrations');
    expect(pageOfHash('#/follow-ups', supervisor)).toBe('follow-ups');
  });
});

describe('tabs per role', () => {
  it('gives a guide (导办) the appointments tab only, a supervisor all but the admin tabs, a clerk none', () => {
    const ids = (role: Parameters<typeof pagesFor>[0]) => pagesFor(role).map((p) => p.id);
    expect(ids('guide')).toEqual(['appointments']);
    expect(pageOfHash('#/supervision', ids('guide'))).toBe('appointments');
    expect(ids('supervisor')).toEqual(supervisor);
    expect(ids('supervisor')).toContain('appointments');
    expect(ids('admin')).toEqual(all);
    expect(ids('clerk')).toEqual([]);
  });
});
