import { describe, expect, it } from 'vitest';
import { formatUsageView, parseUsageView, periodName, periodOf, recentPeriods, type UsageView } from './usageView';

describe('the usage page in the URL', () => {
  const views: UsageView[] = [
    { meter: 'spans' },
    { period: '2026-11', meter: 'spans' },
    { period: '2025-01', meter: 'agent_tokens' },
    { meter: 'log_records' },
  ];

  it.each(views)('reads back what it wrote: %o', (view) => {
    expect(parseUsageView(formatUsageView(view))).toEqual(view);
  });

  it('writes nothing for this month and the spans', () => {
    expect(formatUsageView({ meter: 'spans' }).toString()).toBe('');
    expect(formatUsageView({ period: '2026-11', meter: 'spans' }).toString()).toBe('period=2026-11');
  });

  it('reads a month that is not YYYY-MM as this month', () => {
    for (const bad of ['2026-13', '2026-1', 'december', '2026-00', '']) {
      expect(parseUsageView(new URLSearchParams({ period: bad })).period).toBeUndefined();
    }
  });

  it('reads a strange meter as the spans', () => {
    expect(parseUsageView(new URLSearchParams({ meter: '<script>' })).meter).toBe('spans');
  });
});

describe('the months to pick', () => {
  it('counts back across a year, in UTC', () => {
    expect(recentPeriods(new Date('2026-02-01T00:30:00Z'), 4)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
  });

  it('names the month of an instant in UTC', () => {
    expect(periodOf(new Date('2026-12-31T23:59:59Z'))).toBe('2026-12');
  });

  it('names a month in words', () => {
    expect(periodName('2026-12')).toBe('December 2026');
    expect(periodName('nope')).toBe('nope');
  });
});
