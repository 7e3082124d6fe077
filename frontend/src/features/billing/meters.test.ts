import { describe, expect, it } from 'vitest';
import type { WorkspacePlan } from './billing';
import { barState, barText, forecastPassesLimit, forecastText, formatLimit, formatLimitShort, formatQuantity, formatShare } from './meters';
import { planStatusText, priceText } from './planStatus';
import { dailySeries } from './usageChart';

describe("a meter's bar", () => {
  it('has no bar without a limit', () => {
    expect(barState(5, null)).toBe('unlimited');
    expect(barText('metric_points', 87840, null)).toBe('87,840 data points used, no limit');
  });

  it('is fine below 80 %, warns from 80 %, and is over at the limit and past it', () => {
    expect(barState(0, 100)).toBe('ok');
    expect(barState(79, 100)).toBe('ok');
    expect(barState(80, 100)).toBe('warn');
    expect(barState(99, 100)).toBe('warn');
    expect(barState(100, 100)).toBe('over');
    expect(barState(140, 100)).toBe('over');
  });

  it('treats a zero limit as over once anything is used', () => {
    expect(barState(0, 0)).toBe('ok');
    expect(barState(1, 0)).toBe('over');
  });

  it('says the state in words, not colour alone', () => {
    expect(barText('spans', 518338, 150_000_000)).toBe('518,338 spans of 150,000,000 spans (0.35%)');
    expect(barText('spans', 85, 100)).toBe('Near the limit: 85 spans of 100 spans (85%)');
    expect(barText('spans', 100, 100)).toBe('Limit reached: 100 spans of 100 spans (100%)');
    expect(barText('spans', 140, 100)).toBe('Over the limit: 140 spans of 100 spans (140%), 40 spans past it');
  });
});

describe('quantities', () => {
  it('shows the agent cost in dollars and bytes in GB', () => {
    expect(formatQuantity('agent_cost_micros', 4_200_000)).toBe('$4.20');
    expect(formatQuantity('ingested_bytes', 150e9)).toBe('150 GB');
    expect(formatQuantity('ingested_bytes', 1e12)).toBe('1 TB');
  });

  it('shows small byte counts in the unit that keeps them readable, decimal as plans count', () => {
    expect(formatQuantity('ingested_bytes', 1_050_000_000)).toBe('1.05 GB');
    expect(formatQuantity('ingested_bytes', 12_345_678)).toBe('12.3 MB');
    expect(formatQuantity('ingested_bytes', 387_600)).toBe('387.6 kB');
    expect(formatQuantity('ingested_bytes', 912)).toBe('912 bytes');
    expect(formatQuantity('ingested_bytes', 0)).toBe('0 bytes');
    expect(barText('ingested_bytes', 387_600, 1e9)).toBe('387.6 kB of 1 GB (0.039%)');
    expect(barText('ingested_bytes', 1_100_000_000, 1e9)).toBe('Over the limit: 1.1 GB of 1 GB (110%), 100 MB past it');
    expect(formatLimit('spans', null)).toBe('no limit');
  });

  it('shortens limits for the plans table', () => {
    expect(formatLimitShort('spans', 150_000_000)).toBe('150M');
    expect(formatLimitShort('agent_tokens', 1_500_000_000)).toBe('1.5B');
    expect(formatLimitShort('agent_tokens', 500_000)).toBe('500k');
    expect(formatLimitShort('ingested_bytes', 1e12)).toBe('1 TB');
    expect(formatLimitShort('ingested_bytes', 20e9)).toBe('20 GB');
    expect(formatLimitShort('spans', null)).toBe('no limit');
  });

  it('writes shares small and large', () => {
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(0.0034555)).toBe('0.35%');
    expect(formatShare(1.4)).toBe('140%');
  });
});

describe('the forecast', () => {
  it('says whether it passes the limit', () => {
    expect(forecastText('spans', { quantity: 518338, forecast: 2295497, limit: 150_000_000 }, false)).toBe(
      "At this pace, about 2,295,497 spans by the month's end, within the limit of 150,000,000 spans.",
    );
    expect(forecastText('spans', { quantity: 60, forecast: 200, limit: 100 }, false)).toBe(
      "At this pace, about 200 spans by the month's end: past the limit of 100 spans.",
    );
    expect(forecastPassesLimit({ forecast: 200, limit: 100 }, false)).toBe(true);
    expect(forecastPassesLimit({ forecast: 200, limit: null }, false)).toBe(false);
  });

  it('has no limit to pass without one, and none once the month is over', () => {
    expect(forecastText('agent_tokens', { quantity: 1, forecast: 4, limit: null }, false)).toBe(
      "At this pace, about 4 tokens by the month's end (no limit).",
    );
    expect(forecastText('spans', { quantity: 60, forecast: 60, limit: 100 }, true)).toBe('The month is over: 60 spans in all.');
    expect(forecastPassesLimit({ forecast: 200, limit: 100 }, true)).toBe(false);
  });
});

describe("the plan's status", () => {
  const startup = {
    id: 'startup', name: 'Startup', version: 'plans-v1', monthlyUsd: 149, seatUsd: 12,
    limits: { perMonth: {}, retentionDays: 30, seats: 20, services: 50 }, allowsOverage: true, overage: [],
  };
  const plan = (over: Partial<WorkspacePlan>): WorkspacePlan => ({
    workspaceId: 'w', plan: startup, status: 'active', changedAt: null, graceUntil: null, inEffect: 'startup', ...over,
  });
  const names: Record<string, string> = { free: 'Free', startup: 'Startup' };
  const nameOf = (id: string) => names[id] ?? id;
  const now = new Date('2026-12-07T12:00:00Z');

  it('reads active, past due in and after its grace, and canceled', () => {
    expect(planStatusText(plan({}), nameOf, now)).toBe('Active');
    expect(planStatusText(plan({ status: 'past_due', graceUntil: '2026-12-14T00:00:00Z' }), nameOf, now)).toBe(
      "Past due: Startup's limits hold until 2026-12-14 (UTC), then Free's apply unless it is paid",
    );
    expect(planStatusText(plan({ status: 'past_due', graceUntil: '2026-12-01T00:00:00Z', inEffect: 'free' }), nameOf, now)).toBe(
      "Past due, its grace ended on 2026-12-01: Free's limits apply",
    );
    expect(planStatusText(plan({ status: 'canceled', inEffect: 'free' }), nameOf, now)).toBe("Canceled: Free's limits apply");
  });

  it('prices a plan', () => {
    expect(priceText(startup)).toBe('$149 a month + $12 a seat');
    expect(priceText({ monthlyUsd: 0, seatUsd: 0 })).toBe('Free');
  });
});

describe('the daily chart', () => {
  it('puts each UTC day at its start, in seconds', () => {
    const data = dailySeries({ meter: 'spans', quantity: 3, limit: null, fractionUsed: null, forecast: 3, days: [
      { day: '2026-12-01', quantity: 1 }, { day: '2026-12-02', quantity: 2 },
    ] });
    expect(data.x).toEqual([Date.UTC(2026, 11, 1) / 1000, Date.UTC(2026, 11, 2) / 1000]);
    expect(data.series).toEqual([{ label: 'Spans', values: [1, 2] }]);
  });
});
