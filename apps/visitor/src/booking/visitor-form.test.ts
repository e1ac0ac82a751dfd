import { describe, expect, it } from 'vitest';
import { checkCharOf, groupCode, idNumberProblem, nameProblem, phoneProblem } from './visitor-form.ts';

describe('booking form checks', () => {
  it('computes the GB 11643 check character (X included)', () => {
    expect(checkCharOf('11010519491231002')).toBe('X');
    expect(checkCharOf('44052419800101001')).toBe('3');
  });

  it('accepts a valid resident number, a lower-case x and spaces; refuses a wrong check character', () => {
    expect(idNumberProblem('resident', '11010519491231002X')).toBeNull();
    expect(idNumberProblem('resident', '110105 19491231002x')).toBeNull();
    expect(idNumberProblem('resident', '110105194912310021')).toBe('check-digit');
    expect(idNumberProblem('resident', '1101051949123100')).toBe('form');
    expect(idNumberProblem('resident', '')).toBe('required');
  });

  it('checks the form of each card type', () => {
    expect(idNumberProblem('foreign-2017', 'USA110012345678')).toBeNull();
    expect(idNumberProblem('foreign-2017', '11010519491231002X')).toBe('form');
    const hk = `810000199001010${'01'}`;
    expect(idNumberProblem('hk-mo-tw', `${hk}${checkCharOf(hk)}`)).toBeNull();
    expect(idNumberProblem('hk-mo-tw', '11010519491231002X')).toBe('form');
    const foreign = '93310019800101001';
    expect(idNumberProblem('foreign-2023', `${foreign}${checkCharOf(foreign)}`)).toBeNull();
  });

  it('checks the mobile number and the name', () => {
    expect(phoneProblem('138 0013 8000')).toBeNull();
    expect(phoneProblem('12800138000')).toBe('form');
    expect(phoneProblem('')).toBe('required');
    expect(nameProblem('  ')).toBe('required');
    expect(nameProblem('王美娜')).toBeNull();
  });

  it('groups a code in fours', () => {
    expect(groupCode('K7M2PX9Q')).toBe('K7M2 PX9Q');
  });
});
