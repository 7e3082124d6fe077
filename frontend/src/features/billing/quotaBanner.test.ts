import { describe, expect, it } from 'vitest';
import type { Catalogue, MeterUsage, Plan, Usage, WorkspacePlan } from './billing';
import { overMeters, quotaBanner } from './quotaBanner';

function plan(id: string, name: string, allowsOverage: boolean): Plan {
  return {
    id,
    name,
    version: 'v1',
    monthlyUsd: allowsOverage ? 149 : 0,
    seatUsd: allowsOverage ? 12 : 0,
    limits: { perMonth: { spans: 100 }, retentionDays: 7, seats: 3, services: 5 },
    allowsOverage,
    overage: [],
  };
}

const free = plan('free', 'Free', false);
const startup = plan('startup', 'Startup', true);
const catalogue: Catalogue = { version: 'v1', currency: 'USD', defaultPlan: 'free', plans: [free, startup] };

function meter(name: string, quantity: number, limit: number | null): MeterUsage {
  return { meter: name, quantity, limit, fractionUsed: limit === null ? null : quantity / limit, forecast: quantity, days: [] };
}

function usage(planId: string, meters: MeterUsage[]): Usage {
  return {
    workspaceId: 'w',
    period: '2026-07',
    from: '2026-07-01',
    to: '2026-08-01',
    complete: false,
    asOf: '2026-07-15T12:00:00Z',
    plan: planId,
    meters,
    projects: [],
  };
}

function workspacePlan(p: Plan, overrides: Partial<WorkspacePlan> = {}): WorkspacePlan {
  return { workspaceId: 'w', plan: p, status: 'active', changedAt: null, graceUntil: null, inEffect: p.id, ...overrides };
}

const NOW = new Date('2026-07-15T12:00:00Z');

describe('the over-quota banner', () => {
  it('says nothing when every limit holds and the plan is paid up', () => {
    expect(quotaBanner(usage('free', [meter('spans', 99, 100), meter('log_records', 0, 100)]), workspacePlan(free), catalogue, NOW)).toBeUndefined();
    expect(quotaBanner(undefined, undefined, undefined, NOW)).toBeUndefined();
  });

  it('on a plan without overage: the grace margin of 10 %, then refused', () => {
    const banner = quotaBanner(usage('free', [meter('spans', 104, 100), meter('log_records', 5, 100)]), workspacePlan(free), catalogue, NOW);
    expect(banner).toEqual({
      tone: 'status',
      over: [{ meter: 'spans', label: 'Spans', fraction: 1.04 }],
      pastDue: false,
      lines: [
        "Over Free's monthly limit: Spans (104%).",
        'Ingest continues for a grace margin of 10% over the limit, then is refused.',
      ],
    });
  });

  it('past the margin ingest is refused, and the banner is an alert', () => {
    const banner = quotaBanner(usage('free', [meter('spans', 100, 100), meter('ingested_bytes', 2_000, 1_000)]), workspacePlan(free), catalogue, NOW);
    expect(banner?.tone).toBe('alert');
    expect(banner?.lines).toEqual([
      "Over Free's monthly limit: Spans (100%), Data ingested (200%).",
      'Past the grace margin of 10% over the limit, ingest is refused until next month or an upgrade.',
    ]);
  });

  it('on a plan with overage: billed, never refused', () => {
    const banner = quotaBanner(usage('startup', [meter('log_records', 300, 100)]), workspacePlan(startup), catalogue, NOW);
    expect(banner?.tone).toBe('status');
    expect(banner?.lines).toEqual(["Over Startup's monthly limit: Log records (300%).", 'Use past the limit goes on and its overage is billed.']);
  });

  it('knows overage from the plan itself when the catalogue is not there yet', () => {
    const banner = quotaBanner(usage('startup', [meter('spans', 150, 100)]), workspacePlan(startup), undefined, NOW);
    expect(banner?.lines[1]).toBe('Use past the limit goes on and its overage is billed.');
  });

  it('only the meters ingest is held to, with a limit', () => {
    expect(overMeters(usage('free', [meter('agent_tokens', 500, 100), meter('metric_points', 500, null), meter('spans', 50, 0)]))).toEqual([]);
  });

  it('past due within its grace: an alert naming the plan and the day', () => {
    const banner = quotaBanner(
      usage('startup', [meter('spans', 1, 100)]),
      workspacePlan(startup, { status: 'past_due', graceUntil: '2026-07-20T00:00:00Z' }),
      catalogue,
      NOW,
    );
    expect(banner).toMatchObject({ tone: 'alert', pastDue: true, over: [] });
    expect(banner?.lines).toEqual([
      "Startup is past due: its limits hold until 2026-07-20 (UTC), then Free's apply unless the open invoice is paid.",
    ]);
  });

  it("past due after its grace: the default plan's limits, no overage, so the margin applies", () => {
    const banner = quotaBanner(
      usage('free', [meter('spans', 105, 100)]),
      workspacePlan(startup, { status: 'past_due', graceUntil: '2026-07-10T00:00:00Z', inEffect: 'free' }),
      catalogue,
      NOW,
    );
    expect(banner?.tone).toBe('alert');
    expect(banner?.lines).toEqual([
      "Startup is past due and its grace ended: Free's limits apply.",
      "Over Free's monthly limit: Spans (105%).",
      'Ingest continues for a grace margin of 10% over the limit, then is refused.',
    ]);
  });
});
