import { describe, expect, it } from 'vitest';
import { seatsFull, seatsText } from './seats';

describe('seats used of the limit', () => {
  it('reads as used of the limit, or says there is none', () => {
    expect(seatsText({ used: 3, limit: 10 })).toBe('3 of 10');
    expect(seatsText({ used: 3, limit: null })).toBe('3 (no limit)');
  });

  it('are full once every seat is taken, never without a limit', () => {
    expect(seatsFull({ used: 10, limit: 10 })).toBe(true);
    expect(seatsFull({ used: 9, limit: 10 })).toBe(false);
    expect(seatsFull({ used: 500, limit: null })).toBe(false);
  });
});
