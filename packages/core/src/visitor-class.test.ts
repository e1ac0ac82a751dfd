import { describe, expect, it } from 'vitest';
import { visitorClassFor } from './visitor-class.ts';

describe('visitorClassFor', () => {
  const rules = { priorityMinAge: 60 };

  it('puts a visitor in the priority lane from the day they reach the age, on the business day', () => {
    expect(visitorClassFor(rules, '1966-11-29', '2026-11-28')).toBe('normal');
    expect(visitorClassFor(rules, '1966-11-28', '2026-11-28')).toBe('priority');
    expect(visitorClassFor(rules, '1940-01-01', '2026-11-28')).toBe('priority');
  });

  it('keeps the normal lane without a card or without an age rule', () => {
    expect(visitorClassFor(rules, null, '2026-11-28')).toBe('normal');
    expect(visitorClassFor({ priorityMinAge: null }, '1930-01-01', '2026-11-28')).toBe('normal');
  });
});
