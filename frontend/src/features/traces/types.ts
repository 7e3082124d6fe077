/**
 * The query API's answers for one trace (docs/query-api.md, `GET /traces/{traceId}` and
 * `GET /traces/{traceId}/logs`). Nanosecond times are decimal strings: they exceed the
 * integers JavaScript holds exactly.
 */

export type SpanKind = 'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
export type StatusCode = 'UNSET' | 'OK' | 'ERROR';
export type Attributes = Record<string, string>;

export interface SpanEvent {
  timeNanos: string;
  name: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

/** An LLM call's usage; blank and zeros for a span that is no LLM call. */
export interface LlmUsage {
  system: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costUsd: number;
}

export interface SpanRow {
  traceId: string;
  spanId: string;
  /** Empty for a root. */
  parentSpanId: string;
  traceState?: string;
  name: string;
  kind: SpanKind;
  statusCode: StatusCode;
  statusMessage: string;
  serviceName: string;
  scopeName?: string;
  scopeVersion?: string;
  startTimeNanos: string;
  durationNanos: string;
  resourceAttributes: Attributes;
  attributes: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  llm?: LlmUsage;
  root?: boolean;
}

export interface TraceNode {
  span: SpanRow;
  /** Whether the span is on the critical path. */
  critical: boolean;
  /** Whether the span names a parent the trace does not hold. */
  orphan: boolean;
  children: TraceNode[];
}

export interface TraceDetail {
  traceId: string;
  startNanos: string;
  endNanos: string;
  spanCount: number;
  errorCount: number;
  services: string[];
  roots: TraceNode[];
  /** More spans than the service returns (10,000): the earliest are shown. */
  truncated: boolean;
}

export interface LogRow {
  timeNanos: string;
  observedTimeNanos?: string;
  traceId: string;
  /** Empty when the record names no span. */
  spanId: string;
  severityNumber: number;
  severityText: string;
  serviceName: string;
  body: string;
  resourceAttributes: Attributes;
  attributes: Attributes;
  scopeName?: string;
}

export interface LogPage {
  logs: LogRow[];
  nextCursor: string | null;
}
