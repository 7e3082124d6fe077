import { describe, expect, it } from 'vitest';
import type { IncidentAlert } from './incidents';
import { actorLabel, alertOrigin, barsOf, chartedAlert, departure, detailLine, inOrder, kindLabel, labelsText, relative } from './timeline';

const NOW = Date.parse('2026-12-07T12:00:00Z');

function alert(change: Partial<IncidentAlert>): IncidentAlert {
  return {
    source: 'anomaly:error-rate',
    seriesKey: 'checkout',
    labels: { service: 'checkout' },
    state: 'firing',
    severity: 'high',
    value: 0.3,
    baseline: 0.01,
    summary: 'error rate of checkout 30 % against 1 %',
    since: '2026-12-07T11:50:00Z',
    ...change,
  };
}

describe('the timeline in words', () => {
  it('names the kinds people know: fired, investigated, notified, approved, resolved', () => {
    expect(['fired', 'report-ready', 'notified', 'approved', 'resolved'].map(kindLabel)).toEqual([
      'Fired',
      'Investigated: report ready',
      'Notified',
      'Approved',
      'Resolved',
    ]);
  });

  it('reads a kind it does not know in plain words', () => {
    expect(kindLabel('slo-burn_rate')).toBe('Slo burn rate');
  });

  it('puts an event’s summary first, names the others, and leaves ids and objects out', () => {
    expect(detailLine({ check: 'Anomaly detectors', summary: 'error rate 30 %', series_key: 'checkout', labels: { a: 'b' }, attempts: 2 })).toBe(
      'error rate 30 % · by: Anomaly detectors · attempts: 2',
    );
    expect(detailLine({})).toBe('');
  });

  it('counts the channels notified and says how long an incident was open', () => {
    expect(detailLine({ notification: 'firing', key: 'k', channels: ['c1', 'c2'] })).toBe('notification: firing · to 2 channels');
    expect(detailLine({ open_seconds: 3900 })).toBe('open 1 h 5 min');
    expect(detailLine({ reason: 'no data', investigation_id: 'v1' })).toBe('reason: no data');
  });

  it('says who acted: the service, you, a member by email, or a former member', () => {
    const emails = new Map([['u1', 'olivia@demo.local']]);
    expect(actorLabel('tracehound', emails, 'u2')).toBe('Tracehound');
    expect(actorLabel('u2', emails, 'u2')).toBe('you');
    expect(actorLabel('u1', emails, 'u2')).toBe('olivia@demo.local');
    expect(actorLabel('u9', emails, 'u2')).toBe('a former member');
    expect(actorLabel('mia@demo.local', emails, 'u2')).toBe('mia@demo.local');
  });

  it('orders events oldest first, keeping the service’s order for equal times', () => {
    const events = [
      { at: '2026-12-07T11:05:00Z', kind: 'notified', actor: 'tracehound', detail: {} },
      { at: '2026-12-07T11:00:00Z', kind: 'fired', actor: 'tracehound', detail: {} },
      { at: '2026-12-07T11:05:00Z', kind: 'investigation-started', actor: 'tracehound', detail: {} },
    ];
    expect(inOrder(events).map((e) => e.kind)).toEqual(['fired', 'notified', 'investigation-started']);
  });
});

describe('times near now', () => {
  it.each([
    ['2026-12-07T11:59:40Z', 'less than a minute ago'],
    ['2026-12-07T11:57:00Z', '3 min ago'],
    ['2026-12-07T09:55:00Z', '2 h 5 min ago'],
    ['2026-12-07T10:00:00Z', '2 h ago'],
    ['2026-12-04T12:00:00Z', '3 days ago'],
    ['2026-12-07T12:04:00Z', 'in 4 min'],
  ])('%s is "%s"', (at, text) => {
    expect(relative(at, NOW)).toBe(text);
  });
});

describe('an alert against its baseline', () => {
  it('tells a rule’s alert from an anomaly detector’s', () => {
    expect(alertOrigin('rule:r-1')).toEqual({ kind: 'rule', rule: 'r-1' });
    expect(alertOrigin('anomaly:p99-latency')).toEqual({ kind: 'anomaly', detector: 'p99-latency' });
  });

  it('charts the firing alert with a value, else any with one', () => {
    const resolved = alert({ state: 'resolved', seriesKey: 'a' });
    const firing = alert({ seriesKey: 'b' });
    expect(chartedAlert([resolved, firing])).toBe(firing);
    expect(chartedAlert([alert({ value: null }), resolved])).toBe(resolved);
    expect(chartedAlert([alert({ value: null })])).toBeUndefined();
  });

  it('draws the larger of value and baseline full width', () => {
    expect(barsOf(0.3, 0.01)).toEqual({ value: 100, baseline: 3.3 });
    expect(barsOf(2, 8)).toEqual({ value: 25, baseline: 100 });
    expect(barsOf(0, 0)).toEqual({ value: 0, baseline: 0 });
    expect(barsOf(5, null)).toEqual({ value: 100, baseline: null });
  });

  it('says how far from normal: a ratio when both have a sign, a difference otherwise', () => {
    expect(departure(0.3, 0.01)).toBe('× 30 the baseline');
    expect(departure(0.5, 0)).toBe('+0.50 over the baseline');
    expect(departure(null, 1)).toBeUndefined();
  });

  it('writes labels as key=value', () => {
    expect(labelsText({ service: 'checkout', route: '/pay' })).toBe('service=checkout, route=/pay');
  });
});
