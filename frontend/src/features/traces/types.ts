/**
 * The query API's answers for one trace (docs/query-api.md, `GET /traces/{traceId}` and
 * `GET /traces/{traceId}/logs`). Nanosecond times are decimal strings: they exceed the
 * integers JavaScript holds exactly.
 */
import type { Attributes, LlmUsage, LogRow } from '../../lib/telemetry';

export type { Attributes, LlmUsage, LogRow };

export type SpanKind = 'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
export type StatusCode = 'UNSET' | 'OK' | 'ERROR';

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


export interface LogPage {
  logs: LogRow[];
  nextCursor: string | null;
}
