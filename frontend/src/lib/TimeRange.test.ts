import { describe, expect, it } from 'vitest';
import {
  durationMs,
  fromLocalInput,
  parseTimeRange,
  resolveTimeRange,
  type TimeRange,
  toLocalInput,
  writeTimeRange,
} from './TimeRange';

const roundTrip = (range: TimeRange) => parseTimeRange(writeTimeRange(new URLSearchParams(), range));

describe('the time range in the URL', () => {
  it.each<TimeRange>([
    { kind: 'last', last: '15m' },
    { kind: 'last', last: '1h' },
    { kind: 'last', last: '7d' },
    { kind: 'last', last: '90s' },
    { kind: 'between', from: '2026-12-06T10:00:00Z', to: '2026-12-06T11:30:00Z' },
    { kind: 'between', from: '2026-12-06T10:00:00.250Z', to: '2026-12-07T10:00:00Z' },
  ])('reads back what it wrote: %o', (range) => {
    expect(roundTrip(range)).toEqual(range);
  });

  it('writes range=… or from=…&to=…, never both', () => {
    const params = new URLSearchParams('range=1h&service=checkout');
    writeTimeRange(params, { kind: 'between', from: '2026-12-06T10:00:00Z', to: '2026-12-06T11:00:00Z' });
    expect(params.toString()).toBe('service=checkout&from=2026-12-06T10%3A00%3A00Z&to=2026-12-06T11%3A00%3A00Z');
    writeTimeRange(params, { kind: 'last', last: '6h' });
    expect(params.toString()).toBe('service=checkout&range=6h');
  });

  it('prefers absolute times, normalised to UTC', () => {
    expect(parseTimeRange(new URLSearchParams('range=1h&from=2026-12-06T11:00:00%2B01:00&to=2026-12-06T11:00:00Z'))).toEqual({
      kind: 'between',
      from: '2026-12-06T10:00:00Z',
      to: '2026-12-06T11:00:00Z',
    });
  });

  it('falls back to the default on nonsense, a reversed range or more than 7 days', () => {
    for (const search of ['range=forever', 'range=8d', 'range=0m', 'from=2026-12-06T11:00:00Z&to=2026-12-06T10:00:00Z', 'from=x&to=y']) {
      expect(parseTimeRange(new URLSearchParams(search), '24h')).toEqual({ kind: 'last', last: '24h' });
    }
  });

  it('resolves a relative range against now', () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    expect(resolveTimeRange({ kind: 'last', last: '15m' }, now)).toEqual({ from: '2026-12-07T11:45:00Z', to: '2026-12-07T12:00:00Z' });
    expect(durationMs('24h')).toBe(86_400_000);
  });

  it('converts to and from the local time a datetime-local input shows', () => {
    const iso = '2026-12-06T10:07:00Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(fromLocalInput('')).toBeUndefined();
  });
});
