/**
 * What a tool's result is, read from its `content` JSON (the shapes the tools document in
 * their descriptions, checked against the live service's answers), so each kind is drawn its
 * own way; anything else is shown as pretty JSON, and text that is not JSON as text. JSON cut
 * short is read as far as it is whole.
 */
import { parsePartialJson } from './partialJson';
import { type Fields, isFields, keyOf, list, num, numbers, records, str, time } from './fields';

export interface Group {
  key: Record<string, string>;
  /** The group's numbers by name, in the tool's order: count, errors, p95, … or calls, cost_usd, …. */
  values: Record<string, number>;
}

export interface Series {
  key: Record<string, string>;
  /** One array per measure (count, p95, or a metric's measure), a value or null per bucket. */
  measures: Record<string, (number | null)[]>;
}

export interface BubbleDimension {
  source: string;
  key: string;
  score: number;
  values: { value: string; selectionShare: number; baselineShare: number; selectionCount: number; baselineCount: number }[];
}

export interface LogRow {
  time: string;
  severity: string;
  service: string;
  body: string;
  traceId?: string;
}

export interface RecordSection {
  title: string;
  columns: string[];
  rows: Record<string, string>[];
}

export type ResultView =
  | { kind: 'groups'; unit: string; groups: Group[]; other?: Group }
  | { kind: 'series'; unit: string; buckets: number[]; series: Series[] }
  | { kind: 'heatmap'; bucketSeconds: number; columns: number[]; bounds: number[]; counts: number[][] }
  | { kind: 'bubbleup'; selectionSpans: number; baselineSpans: number; dimensions: BubbleDimension[] }
  | { kind: 'logs'; logs: LogRow[] }
  | { kind: 'records'; summary: [string, string][]; sections: RecordSection[] }
  | { kind: 'terminal'; command: string; output: string; stderr: string; status: string }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string };

/** The JSON of a result, or undefined when it is not JSON (a message, or JSON cut short). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The event's content is cut at 4,000 characters and marked with an ellipsis. */
export const isCut = (content: string) => content.length > 4000 && content.endsWith('…');

/** The view of a result, and whether it shows only the part before a cut. */
export function resultView(tool: string, argumentsText: string, content: string): ResultView & { partial?: boolean } {
  const whole = parseJson(content);
  const data = whole ?? (content.trimStart().startsWith('{') ? parsePartialJson(content) : undefined);
  const partial = whole === undefined && data !== undefined;
  const view = viewOf(tool, argumentsText, content, data);
  return partial ? { ...view, partial } : view;
}

function viewOf(tool: string, argumentsText: string, content: string, data: unknown): ResultView {
  if (!isFields(data)) {
    return data === undefined ? { kind: 'text', text: content } : { kind: 'json', value: data };
  }
  if (tool === 'shell' || tool === 'git') {
    const args = parseJson(argumentsText);
    return terminal(tool, isFields(args) ? args : {}, data);
  }
  if (Array.isArray(data.buckets) && Array.isArray(data.series)) {
    const series = list(data.series).filter(isFields).map(seriesOf);
    return { kind: 'series', unit: str(data.unit), buckets: list(data.buckets).map(time), series };
  }
  if (Array.isArray(data.groups) && tool !== 'llm_usage') {
    return { kind: 'groups', unit: str(data.unit), groups: list(data.groups).filter(isFields).map(groupOf), other: isFields(data.other) ? groupOf(data.other) : undefined };
  }
  if (Array.isArray(data.columns) && Array.isArray(data.duration_bounds_ms) && Array.isArray(data.counts)) {
    return { kind: 'heatmap', bucketSeconds: num(data.bucket_seconds) ?? 60, columns: list(data.columns).map(time), bounds: numbers(data.duration_bounds_ms).map((b) => b ?? 0), counts: list(data.counts).map((c) => numbers(c).map((n) => n ?? 0)) };
  }
  if (Array.isArray(data.dimensions) && num(data.selection_spans) !== undefined) {
    return { kind: 'bubbleup', selectionSpans: num(data.selection_spans) ?? 0, baselineSpans: num(data.baseline_spans) ?? 0, dimensions: list(data.dimensions).filter(isFields).map(dimension) };
  }
  if (Array.isArray(data.traces)) {
    const columns = ['trace_id', 'root_service', 'root_operation', 'start', 'duration_ms', 'span_count', 'error_count'];
    return { kind: 'records', summary: [], sections: [{ title: '', columns, rows: records(data.traces, columns) }] };
  }
  if (Array.isArray(data.logs)) {
    return { kind: 'logs', logs: list(data.logs).filter(isFields).map(logRow) };
  }
  if (Array.isArray(data.critical_path)) {
    return traceView(data);
  }
  if (tool === 'llm_usage' && (Array.isArray(data.groups) || Array.isArray(data.calls))) {
    return llmView(data);
  }
  return { kind: 'json', value: data };
}

function seriesOf(s: Fields): Series {
  const measures = Object.fromEntries(Object.entries(s).filter(([name, v]) => name !== 'key' && Array.isArray(v)).map(([name, v]) => [name, numbers(v)]));
  if (Array.isArray(s.points)) {
    // A metric's series: its one measure is named by "measure".
    return { key: keyOf(s.key), measures: { [str(s.measure) || 'value']: numbers(s.points) } };
  }
  return { key: keyOf(s.key), measures };
}

function groupOf(g: Fields): Group {
  const values = Object.fromEntries(Object.entries(g).flatMap(([name, v]) => (typeof v === 'number' ? [[name, v]] : [])));
  return { key: keyOf(g.key), values };
}

function dimension(d: Fields): BubbleDimension {
  const values = list(d.values).filter(isFields).map((v) => ({
    value: str(v.value),
    selectionShare: num(v.selection_share) ?? 0,
    baselineShare: num(v.baseline_share) ?? 0,
    selectionCount: num(v.selection_count) ?? 0,
    baselineCount: num(v.baseline_count) ?? 0,
  }));
  return { source: str(d.source), key: str(d.key), score: num(d.score) ?? 0, values };
}

function logRow(l: Fields): LogRow {
  const traceId = str(l.trace_id);
  return { time: str(l.time), severity: str(l.severity), service: str(l.service), body: str(l.body), traceId: traceId === '' ? undefined : traceId };
}

const SPAN_COLUMNS = ['service', 'operation', 'start_offset_ms', 'duration_ms', 'status', 'status_message'];

function traceView(data: Fields): ResultView {
  const summary: [string, string][] = [['trace', str(data.trace_id)], ['duration (ms)', str(data.duration_ms)], ['spans', str(data.span_count)], ['errors', str(data.error_count)], ['services', list(data.services).map(str).join(', ')]];
  const sections = [['Critical path', data.critical_path], ['Failed spans', data.errors], ['Slowest spans', data.slowest]]
    .map(([title, rows]) => ({ title: str(title), columns: SPAN_COLUMNS, rows: records(rows, SPAN_COLUMNS) }))
    .filter((section) => section.rows.length > 0);
  return { kind: 'records', summary, sections };
}

function llmView(data: Fields): ResultView {
  const total = isFields(data.total) ? data.total : {};
  const summary = Object.entries(total).map(([name, v]): [string, string] => [name, str(v)]);
  const groups = list(data.groups).filter(isFields).map((g) => ({ ...g, group: Object.values(keyOf(g.key)).join(', ') }));
  const usage = ['group', 'calls', 'input_tokens', 'output_tokens', 'cached_input_tokens', 'reasoning_tokens', 'cost_usd'];
  const calls = ['trace_id', 'service', 'model', 'input_tokens', 'output_tokens', 'cost_usd', 'duration_ms', 'start'];
  const sections = [{ title: 'By group', columns: usage, rows: records(groups, usage) }, { title: 'Calls', columns: calls, rows: records(data.calls, calls) }];
  return { kind: 'records', summary, sections: sections.filter((section) => section.rows.length > 0) };
}

function terminal(tool: string, args: Fields, data: Fields): ResultView {
  const exit = num(data.exit_code);
  const command = tool === 'shell'
    ? str(args.command)
    : ['git', str(args.op), ...['source', 'base', 'ref', 'path', 'pattern'].map((k) => str(args[k]))].filter((part) => part !== '').join(' ');
  const took = num(data.took_ms);
  const status = [exit === undefined ? '' : `exit ${exit}`, str(data.ending) === 'exited' ? '' : str(data.ending), data.output_truncated === true ? 'output cut' : '', took === undefined ? '' : `${took} ms`]
    .filter((part) => part !== '')
    .join(' · ');
  return { kind: 'terminal', command, output: tool === 'shell' ? str(data.stdout) : str(data.output), stderr: str(data.stderr), status };
}
