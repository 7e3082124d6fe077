import { describe, expect, it } from 'vitest';
import type { IncidentSummary, Investigation } from './incidents';
import { alertCountOf, alertState, evidenceGroups, evidenceOf, investigationSummary, latestInvestigation, reportEvidence, silencedOf } from './report';

function investigation(id: string, requestedAt: string): Investigation {
  return {
    id,
    status: 'done',
    requestedBy: 'tracehound',
    requestedAt,
    startedAt: null,
    finishedAt: null,
    sessionId: null,
    error: null,
    report: null,
  };
}

describe('the report beside the timeline', () => {
  it('shows the investigation asked for last (a re-run replaces the first)', () => {
    const first = investigation('a', '2026-12-07T11:00:00Z');
    const rerun = investigation('b', '2026-12-07T11:30:00Z');
    expect(latestInvestigation([first, rerun])?.id).toBe('b');
    expect(latestInvestigation([])).toBeUndefined();
  });

  it('takes the evidence as the API lists it', () => {
    const listed = [{ kind: 'trace', title: 'Slow checkout', detail: null, traceId: '0db02777ede386e80167f472f986728f' }];
    expect(evidenceOf(listed)).toEqual(listed);
  });

  it('turns the report as stored (trace ids, tool calls) into the same list, traces first', () => {
    const evidence = evidenceOf({
      traceIds: ['0db02777ede386e80167f472f986728f'],
      queries: [{ tool: 'bubbleup', kind: 'bubbleup', input: '{"service":"checkout"}', result: 'app.version=2.3.1', error: false }],
    });
    expect(evidence).toEqual([
      { kind: 'trace', title: '', detail: null, traceId: '0db02777ede386e80167f472f986728f' },
      { kind: 'bubbleup', title: 'bubbleup', detail: 'input: {"service":"checkout"}\nresult: app.version=2.3.1', traceId: null },
    ]);
  });

  it('lists nothing for evidence it cannot read', () => {
    expect(evidenceOf(null)).toEqual([]);
    expect(evidenceOf('text')).toEqual([]);
  });
});

describe('an incident in the service’s words', () => {
  const incident: IncidentSummary = {
    id: 'i1',
    title: 'checkout error rate',
    service: 'checkout',
    severity: 'high',
    status: 'open',
    openedAt: '2026-12-07T11:00:00Z',
    resolvedAt: null,
    firingAlerts: 2,
    notified: false,
    investigation: { id: 'v1', status: 'done', report: { summary: 'checkout fails since 2.3.1', suspectedCause: '', confidence: 'high', notDetermined: '', markdown: '' } },
  };

  it('is silenced when nobody was notified, and counts its firing alerts', () => {
    expect(silencedOf(incident)).toBe(true);
    expect(silencedOf({ ...incident, notified: true })).toBe(false);
    expect(silencedOf({ ...incident, notified: undefined, silenced: true })).toBe(true);
    expect(alertCountOf(incident)).toBe(2);
    expect(alertCountOf({ ...incident, firingAlerts: undefined, alertCount: 3 })).toBe(3);
  });

  it('shows its latest investigation’s summary', () => {
    expect(investigationSummary(incident)).toBe('checkout fails since 2.3.1');
    expect(investigationSummary({ ...incident, investigation: null })).toBeUndefined();
  });

  it('reads an alert as firing until it resolves', () => {
    const alert = { source: 'rule:r1', seriesKey: 'k', labels: {}, severity: 'high' as const, value: 1, baseline: null, summary: '' };
    expect(alertState({ ...alert, resolvedAt: null })).toBe('firing');
    expect(alertState({ ...alert, resolvedAt: '2026-12-07T11:30:00Z' })).toBe('resolved');
    expect(alertState({ ...alert, state: 'pending' })).toBe('pending');
  });

  it('lists a report’s trace ids and tool calls as its evidence', () => {
    const report = {
      summary: '',
      suspectedCause: '',
      confidence: 'high',
      notDetermined: '',
      markdown: '',
      traceIds: ['0db02777ede386e80167f472f986728f'],
      queries: [{ tool: 'aggregate', kind: 'aggregate', input: '', result: 'p99 2.1 s', error: true }],
    };
    expect(reportEvidence(report).map((e) => [e.kind, e.title, e.traceId])).toEqual([
      ['trace', '', '0db02777ede386e80167f472f986728f'],
      ['aggregate', 'aggregate (failed)', null],
    ]);
  });
});

describe('the evidence on the page', () => {
  it('lists each cited trace once, and counts the queries by kind', () => {
    const query = (kind: string) => ({ kind, title: kind, detail: null, traceId: null });
    const trace = (traceId: string) => ({ kind: 'trace', title: '', detail: null, traceId });
    const groups = evidenceGroups([trace('a'), query('aggregate'), trace('b'), trace('a'), query('bubbleup'), query('aggregate')]);
    expect(groups.traces).toEqual(['a', 'b']);
    expect(groups.queries).toHaveLength(3);
    expect(groups.counts).toBe('2 aggregate, 1 bubbleup');
  });
});
