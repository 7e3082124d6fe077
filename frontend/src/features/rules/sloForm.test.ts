import { describe, expect, it } from 'vitest';
import { NEW_SLO, sloBodyOf, sloColumns, sloDraftOf, sloFieldOfProblem, statusText } from './sloForm';
import type { Slo } from './slos';

describe('the SLO editor and the API body', () => {
  it('makes the body the API reads: the objective in percent, the period in days', () => {
    const body = sloBodyOf({ ...NEW_SLO, name: ' checkout availability ', service: 'checkout', filters: 'http.route=/pay', latencyThresholdMs: '800' });
    expect(body).toEqual({
      ok: {
        name: 'checkout availability',
        service: 'checkout',
        spanName: null,
        filters: { 'http.route': '/pay' },
        latencyThresholdMs: 800,
        objective: 99.9,
        periodDays: 30,
        channelIds: [],
        investigate: false,
        enabled: true,
      },
    });
  });

  it('reads a stored SLO back into the same body', () => {
    const { ok } = sloBodyOf({ ...NEW_SLO, name: 'api', spanName: 'GET /', objective: '99.5', periodDays: '7' }) as { ok: Slo['slo'] };
    const stored: Slo = { id: 's1', slo: ok, createdBy: 'a', createdAt: '', updatedAt: '', alerts: [], status: null };
    expect(sloBodyOf(sloDraftOf(stored))).toEqual({ ok });
  });

  it('says by each field what the service would refuse', () => {
    expect(sloBodyOf({ ...NEW_SLO, objective: '100', periodDays: '120', latencyThresholdMs: '0.5' })).toEqual({
      errors: {
        name: 'Give the SLO a name, e.g. “checkout availability”.',
        objective: 'A percentage of good spans from 50 to below 100, e.g. 99.9.',
        periodDays: 'A whole number of days from 1 to 90.',
        latencyThresholdMs: 'Whole milliseconds from 1, or empty to count only failed spans as bad.',
      },
    });
  });

  it.each([
    ["'objective' is a percentage of good spans from 50 to below 100, e.g. 99.9; was 40.0", 'objective'],
    ["'periodDays' is a whole number of days from 1 to 90, was PT2880H", 'periodDays'],
    ["'latencyThresholdMs' must be at least 1", 'latencyThresholdMs'],
    ["'a b' is not an attribute key (letters, digits and _.:/-)", 'filters'],
    ["an SLO needs a 'name' of 1 to 200 characters", 'name'],
  ])('puts “%s” by %s', (message, field) => {
    expect(sloFieldOfProblem(message)).toBe(field);
  });
});

describe('the SLO preview and status', () => {
  it('charts the burn rate per hour against the fast alert, the hours over it marked', () => {
    const columns = sloColumns({
      objective: 0.999,
      fastBurnFactor: 14.4,
      points: [
        { at: '2026-12-07T11:00:00Z', valid: 100, bad: 5, burnRate: 50 },
        { at: '2026-12-07T10:00:00Z', valid: 100, bad: 0, burnRate: 0 },
      ],
    });
    expect(columns.series).toEqual([
      { label: 'burn rate', values: [0, 50] },
      { label: 'fast alert', values: [14.4, 14.4], style: 'dashed' },
      { label: 'over it', values: [null, 50], style: 'points' },
    ]);
    expect(columns.burning).toBe(1);
  });

  it('says how good the period is and how much budget is left', () => {
    expect(statusText({ valid: 1000, bad: 1, goodRatio: 0.999, budgetLeft: 0.62, burns: [] })).toBe('99.90 % good, 62 % of the budget left');
    expect(statusText({ valid: 1000, bad: 50, goodRatio: 0.95, budgetLeft: -3, burns: [] })).toBe('95.00 % good, budget overspent');
    expect(statusText(null)).toBe('no spans yet in the period');
  });
});
