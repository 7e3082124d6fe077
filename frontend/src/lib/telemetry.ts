/**
 * The query API's telemetry records as the pages read them (docs/query-api.md): one definition
 * each, shared by the trace view, the logs page and LLM usage.
 */

export type Attributes = Record<string, string>;

/** Tokens and cost of LLM calls: one call's, or summed over many. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costUsd: number;
}

/** An LLM call's usage; blank and zeros for a span that is no LLM call. */
export interface LlmUsage extends TokenUsage {
  system: string;
  model: string;
}

/** One log record, as the log search, a trace's logs and the live tail send it. */
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
