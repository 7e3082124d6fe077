import { describe, expect, it } from 'vitest';
import { aggregateResult, bubbleupResult, logSearchResult, seriesResult, traceSearchResult } from './fixtures';
import { parsePartialJson } from './partialJson';
import { isCut, resultView } from './results';

describe('a tool result is drawn for its kind', () => {
  it('reads an aggregate by group as a table', () => {
    const view = resultView('aggregate', '{"group_by":["operation"]}', aggregateResult);
    expect(view.kind).toBe('groups');
    if (view.kind === 'groups') {
      expect(view.unit).toBe('ms');
      expect(view.groups[0]?.key).toEqual({ operation: 'shop.CheckoutService/PlaceOrder' });
      expect(view.groups[0]?.values).toMatchObject({ count: 1066, errors: 3, error_rate: 0.0028, p95: 183.093 });
    }
  });

  it('reads an aggregate over time as series, bucket starts in Unix seconds and gaps as null', () => {
    const view = resultView('aggregate', '{"time_series":true}', seriesResult);
    expect(view.kind).toBe('series');
    if (view.kind === 'series') {
      expect(view.buckets).toEqual([Date.parse('2026-12-07T08:00:00Z') / 1000, Date.parse('2026-12-07T08:05:00Z') / 1000, Date.parse('2026-12-07T08:10:00Z') / 1000]);
      expect(view.series.map((s) => s.key)).toEqual([{ 'resource:service.version': '2.3.1' }, { 'resource:service.version': '2.3.0' }]);
      expect(Object.keys(view.series[0]?.measures ?? {})).toEqual(['count', 'errors', 'p50', 'p95', 'p99']);
      expect(view.series[1]?.measures.p95).toEqual([null, null, null]);
    }
  });

  it('reads a heatmap (as the aggregate tool documents it)', () => {
    const content = JSON.stringify({ bucket_seconds: 60, columns: ['2026-12-07T08:00:00Z', '2026-12-07T08:01:00Z'], duration_bounds_ms: [1, 2, 4, 8], counts: [[3, 0, 1], [0, 5, 0]] });
    const view = resultView('aggregate', '{"heatmap":true}', content);
    expect(view).toMatchObject({ kind: 'heatmap', bucketSeconds: 60, bounds: [1, 2, 4, 8], counts: [[3, 0, 1], [0, 5, 0]] });
  });

  it('reads BubbleUp as dimensions with the selection and baseline shares of each value', () => {
    const view = resultView('bubbleup', '{}', bubbleupResult);
    expect(view.kind).toBe('bubbleup');
    if (view.kind === 'bubbleup') {
      expect(view.selectionSpans).toBe(1193);
      expect(view.dimensions[0]).toMatchObject({ key: 'payment.provider', source: 'span_attribute' });
      expect(view.dimensions[0]?.values[0]).toEqual({ value: 'stripe_v3', selectionShare: 0.8399, baselineShare: 0.0447, selectionCount: 1002, baselineCount: 627 });
    }
  });

  it('reads a trace search as rows with their trace ids', () => {
    const view = resultView('trace_search', '{}', traceSearchResult);
    expect(view.kind === 'records' && view.sections[0]?.rows.map((row) => row.trace_id)).toEqual(['4eec9dc55b1f95eaca5501298b22c317', '8f730707e22a5c4a16f8323e5178738e']);
  });

  it('reads a metric series by its measure', () => {
    const content = JSON.stringify({ metric: 'http.server.request.duration', unit: 's', buckets: ['2026-12-07T08:00:00Z'], series: [{ key: { 'http.route': '/checkout' }, measure: 'p95', points: [0.25] }] });
    const view = resultView('metric_query', '{}', content);
    expect(view).toMatchObject({ kind: 'series', unit: 's', series: [{ key: { 'http.route': '/checkout' }, measures: { p95: [0.25] } }] });
  });

  it('reads a trace as its critical path, failed and slowest spans, even cut short', () => {
    const span = (id: string) => ({ span_id: id, service: 'payments', operation: 'POST', start_offset_ms: 100.2, duration_ms: 2000.4, status: 'error', critical: true });
    const whole = JSON.stringify({ trace_id: 'a'.repeat(32), duration_ms: 2104.765, span_count: 16, error_count: 7, services: ['checkout', 'payments'], critical_path: [span('s1'), span('s2')], errors: [span('s2')] });
    const cut = `${whole.slice(0, whole.indexOf('"errors"') + 20)}\n[cut: showing 15816 of 17840 characters. Narrow the call.]`;
    const view = resultView('get_trace', '{}', cut);
    expect(view).toMatchObject({ kind: 'records', partial: true });
    expect(view.kind === 'records' && view.sections.map((section) => `${section.title}:${section.rows.length}`)).toEqual(['Critical path:2']);
    expect(view.kind === 'records' && view.summary[0]).toEqual(['trace', 'a'.repeat(32)]);
  });

  it('reads LLM usage as its groups and calls', () => {
    const content = JSON.stringify({ total: { calls: 3, cost_usd: 0.5 }, groups: [{ key: { model: 'gpt-4o' }, calls: 3, cost_usd: 0.5 }], calls: [{ trace_id: 'b'.repeat(32), model: 'gpt-4o', cost_usd: 0.2 }] });
    const view = resultView('llm_usage', '{}', content);
    expect(view.kind === 'records' && view.sections.map((section) => section.title)).toEqual(['By group', 'Calls']);
    expect(view.kind === 'records' && view.sections[0]?.rows[0]?.group).toBe('gpt-4o');
  });

  it('reads a log search as records with their trace', () => {
    const view = resultView('log_search', '{}', logSearchResult);
    expect(view.kind === 'logs' && view.logs[0]).toMatchObject({ severity: 'ERROR', service: 'frontend', traceId: '4eec9dc55b1f95eaca5501298b22c317' });
  });

  it('shows a shell command with its output as a terminal would', () => {
    const content = JSON.stringify({ exit_code: 1, ending: 'exited', stdout: 'hello\n', stderr: 'oops\n', output_truncated: false, took_ms: 12 });
    expect(resultView('shell', '{"command":"echo hello"}', content)).toEqual({ kind: 'terminal', command: 'echo hello', output: 'hello\n', stderr: 'oops\n', status: 'exit 1 · 12 ms' });
  });

  it('shows git with its operation and output', () => {
    const content = JSON.stringify({ op: 'log', repo: 'shop', exit_code: 0, output: 'abc123 fix' });
    expect(resultView('git', '{"op":"log","repo":"shop"}', content)).toMatchObject({ kind: 'terminal', command: 'git log', output: 'abc123 fix' });
  });

  it('falls back to JSON for an unknown shape, and to text for what is not JSON', () => {
    expect(resultView('llm_usage', '{}', '{"models":[]}')).toEqual({ kind: 'json', value: { models: [] } });
    const cut = `{"trace_id":"${'a'.repeat(32)}","spans":[` + 'x'.repeat(4000) + '…';
    expect(resultView('get_trace', '{}', cut)).toMatchObject({ kind: 'json', partial: true, value: { trace_id: 'a'.repeat(32) } });
    expect(isCut(cut)).toBe(true);
    expect(resultView('shell', '{}', 'the tool failed: timeout')).toEqual({ kind: 'text', text: 'the tool failed: timeout' });
  });
});

describe('JSON cut short', () => {
  it('keeps every whole value before the cut and closes what was open', () => {
    expect(parsePartialJson('{"a":[1,2,{"b":"x,y"},{"c":"unfinished')).toEqual({ a: [1, 2, { b: 'x,y' }] });
    expect(parsePartialJson('{"s":"a \\"quoted\\" ]",')).toEqual({ s: 'a "quoted" ]' });
    expect(parsePartialJson('{"t":1}\n[cut: showing 1 of 2 characters.]')).toEqual({ t: 1 });
  });

  it('gives up on what has no whole value', () => {
    expect(parsePartialJson('{"a": tr')).toBeUndefined();
  });
});
