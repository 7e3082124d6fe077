import { describe, expect, it } from 'vitest';
import { previewColumns } from './previewChart';
import { conditionText, queryText } from './ruleText';
import { formatRulesView, parseRulesView, ruleSearch, type RuleSelection } from './rulesView';

describe('the rule being edited is in the URL', () => {
  const selections: RuleSelection[] = [
    { kind: 'none' },
    { kind: 'new' },
    { kind: 'edit', id: '0192f0c4-5a1e-7c3b' },
    { kind: 'new-slo' },
    { kind: 'slo', id: 's-1' },
  ];

  it.each(selections)('reads back what it wrote: %o', (selection) => {
    expect(parseRulesView(formatRulesView(selection))).toEqual(selection);
  });

  it('reads a malformed id as no rule', () => {
    expect(parseRulesView(new URLSearchParams('rule=%2F..%2F'))).toEqual({ kind: 'none' });
  });

  it('links the list, a new rule and a rule, a new SLO and an SLO', () => {
    expect(ruleSearch({ kind: 'none' })).toBe('?');
    expect(ruleSearch({ kind: 'new' })).toBe('?rule=new');
    expect(ruleSearch({ kind: 'edit', id: 'r1' })).toBe('?rule=r1');
    expect(ruleSearch({ kind: 'new-slo' })).toBe('?slo=new');
    expect(ruleSearch({ kind: 'slo', id: 's1' })).toBe('?slo=s1');
  });

  it('opens one editor at a time: a rule before an SLO', () => {
    expect(parseRulesView(new URLSearchParams('rule=r1&slo=s1'))).toEqual({ kind: 'edit', id: 'r1' });
  });
});

const threshold = { type: 'threshold' as const, direction: 'above' as const, value: 0.05 };
const change = { type: 'change' as const, direction: 'above' as const, baseline: 'day_before' as const, factor: 2, minDifference: 0 };

describe('the preview chart', () => {
  const points = [
    { at: '2026-12-07T10:02:00Z', value: 0.2, baseline: null, breaching: true },
    { at: '2026-12-07T10:01:00Z', value: 0.01, baseline: null, breaching: false },
  ];

  it('draws the value, the threshold as a line and the breaching points, in time order', () => {
    const columns = previewColumns({ points }, threshold);
    expect(columns.x).toEqual([Date.parse('2026-12-07T10:01:00Z') / 1000, Date.parse('2026-12-07T10:02:00Z') / 1000]);
    expect(columns.series).toEqual([
      { label: 'value', values: [0.01, 0.2] },
      { label: 'threshold', values: [0.05, 0.05], style: 'dashed' },
      { label: 'breaching', values: [null, 0.2], style: 'points' },
    ]);
    expect(columns.breaching).toBe(1);
  });

  it('draws the baseline the service computed for a change rule, and none when there is none', () => {
    const withBaseline = previewColumns({ points: points.map((p) => ({ ...p, baseline: 0.02 })) }, change);
    expect(withBaseline.series[1]).toEqual({ label: 'baseline', values: [0.02, 0.02], style: 'dashed' });
    expect(previewColumns({ points }, change).series.map((s) => s.label)).toEqual(['value', 'breaching']);
  });

  it('reads the rule’s series as the service stores them: the largest group, NaN as a gap', () => {
    const answer = {
      step: 'PT10M',
      series: [
        {
          labels: { service_name: 'checkout' },
          points: [
            { start: '2026-12-07T10:00:00Z', value: 0.3, compared: 0.05, volume: 120, verdict: 'BREACHING' },
            { start: '2026-12-07T10:10:00Z', value: 'NaN', compared: 0.05, volume: 0, verdict: 'NO_DATA' },
          ],
        },
        { labels: { service_name: 'cart' }, points: [] },
      ],
    };
    const columns = previewColumns(answer, threshold);
    expect(columns.series[0]).toEqual({ label: 'value', values: [0.3, null] });
    expect(columns.breaching).toBe(1);
    expect(columns.groups).toBe(2);
    expect(columns.group).toBe('service_name=checkout');
  });

  it('draws nothing from an answer it cannot read', () => {
    expect(previewColumns(null, threshold).x).toEqual([]);
    expect(previewColumns({ series: [] }, threshold).groups).toBe(0);
  });
});

describe('a rule in a line', () => {
  it('says what it measures and when it fires', () => {
    const query = {
      signal: 'spans' as const,
      measure: 'error_rate' as const,
      service: 'checkout',
      filters: { 'http.route': '/pay' },
      groupBy: ['name'],
      minVolume: 10,
    };
    expect(queryText(query)).toBe('error_rate of spans on checkout where http.route=/pay by name');
    expect(queryText({ ...query, service: null, filters: {}, groupBy: [] })).toBe('error_rate of spans on every service');
    expect(queryText({ signal: 'logs', minSeverity: 17, bodyContains: 'timeout', groupBy: ['service_name'] })).toBe(
      'log records of severity 17+ containing “timeout” on every service by service',
    );
    expect(conditionText(threshold, '10m')).toBe('above 0.05 over 10m');
    expect(conditionText({ ...change, baseline: 'week_before', minDifference: 0.1 }, '10m')).toBe(
      'above × 2 the same 10m a week earlier and by at least 0.1',
    );
    expect(conditionText({ ...change, baseline: 'trailing', trailingHours: 6, factor: 3 }, '5m')).toBe('above × 3 the 6 h before');
  });
});
