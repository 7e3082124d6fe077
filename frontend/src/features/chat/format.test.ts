import { describe, expect, it } from 'vitest';
import { formatCost, formatMs, formatTokens } from './format';

describe('usage as the chat shows it', () => {
  it('writes micro-dollars as dollars', () => {
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(16_500)).toBe('$0.017');
    expect(formatCost(1)).toBe('$0.000001');
    expect(formatCost(2_345_678)).toBe('$2.35');
  });

  it('writes tokens with separators and durations in their unit', () => {
    expect(formatTokens(256791)).toBe('256,791 tokens');
    expect(formatMs(498)).toBe('498 ms');
    expect(formatMs(2104.765)).toBe('2.1 s');
  });
});
