/**
 * Synthetic traces of any size, shaped like the service's answers: for the layout's tests and
 * for the UI benchmark (draw a 10,000-span trace), which can answer the trace view's request
 * for `/api/v1/projects/{project}/traces/{traceId}` with `generateSyntheticTrace(10_000)`, e.g.
 * through Playwright's `page.route`. Deterministic for a seed; no browser API used.
 */
import { layoutTrace } from './layout';
import type { Attributes, SpanRow, TraceDetail, TraceNode } from './types';

export interface SyntheticOptions {
  /** The same seed gives the same trace. */
  seed?: number;
  traceId?: string;
  /** Absolute start, nanoseconds since the epoch. */
  startNanos?: bigint;
  /** The root's duration. */
  durationNanos?: number;
  /** The deepest a span nests (the JSON nests twice as deep). */
  maxDepth?: number;
}

const SERVICES = ['frontend', 'checkout', 'payments', 'inventory', 'recommendation', 'shipping'] as const;
const OPERATIONS = ['GET /api/items', 'SELECT shop.items', 'cache.get', 'POST /charge', 'render', 'chat gpt-4o-mini'] as const;

/** A small, fast, seedable generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hexId = (i: number, digits: number) => (i + 1).toString(16).padStart(digits, '0');

/** `n` spans of one trace, a tree under one root, children inside their parents' time. */
export function syntheticSpans(n: number, options: SyntheticOptions = {}): SpanRow[] {
  const next = random(options.seed ?? 1);
  const traceId = options.traceId ?? syntheticTraceId(n);
  const base = options.startNanos ?? 1_800_000_000_000_000_000n;
  const maxDepth = options.maxDepth ?? 24;
  const starts: number[] = [];
  const durations: number[] = [];
  const depths: number[] = [];
  const spans: SpanRow[] = [];
  const resources = new Map<string, Attributes>(
    SERVICES.map((service) => [service, { 'service.name': service, 'service.version': '1.0.0', 'host.name': `${service}-0` }]),
  );
  for (let i = 0; i < n; i++) {
    let parent = -1;
    if (i > 0) {
      parent = next() < 0.7 ? Math.max(0, i - 1 - Math.floor(next() * 5)) : Math.floor(next() * i);
      while ((depths[parent] ?? 0) >= maxDepth) {
        parent = Math.floor(next() * i);
      }
    }
    const parentStart = starts[parent] ?? 0;
    const parentDuration = durations[parent] ?? options.durationNanos ?? 2_000_000_000;
    const start = i === 0 ? 0 : Math.floor(parentStart + next() * parentDuration * 0.8);
    const room = parentStart + parentDuration - start;
    const duration = i === 0 ? parentDuration : Math.max(1_000, Math.floor(next() * room));
    starts.push(start);
    durations.push(duration);
    depths.push(parent < 0 ? 0 : (depths[parent] ?? 0) + 1);
    const service = SERVICES[i === 0 ? 0 : Math.floor(next() * SERVICES.length)] ?? 'frontend';
    const name = OPERATIONS[i % OPERATIONS.length] ?? 'work';
    const error = i > 0 && i % 97 === 0;
    const llm = name.startsWith('chat ');
    spans.push({
      traceId,
      spanId: hexId(i, 16),
      parentSpanId: parent < 0 ? '' : hexId(parent, 16),
      name,
      kind: i === 0 ? 'SERVER' : llm ? 'CLIENT' : 'INTERNAL',
      statusCode: error ? 'ERROR' : 'UNSET',
      statusMessage: error ? 'synthetic failure' : '',
      serviceName: service,
      startTimeNanos: (base + BigInt(start)).toString(),
      durationNanos: String(duration),
      resourceAttributes: resources.get(service) ?? {},
      attributes: { 'synthetic.index': String(i), 'synthetic.depth': String(depths[i]) },
      events: i % 50 === 1 ? [{ timeNanos: (base + BigInt(start)).toString(), name: 'synthetic.event', attributes: {} }] : [],
      links: [],
      llm: llm
        ? { system: 'openai', model: 'gpt-4o-mini', inputTokens: 800, outputTokens: 200, cachedInputTokens: 512,
            cacheWriteTokens: 0, reasoningTokens: 0, costUsd: 0.00024 }
        : undefined,
      root: i === 0,
    });
  }
  return spans;
}

export function syntheticTraceId(n: number): string {
  return `5e${n.toString(16).padStart(30, '0')}`;
}

/** A whole `GET /traces/{traceId}` answer of `n` spans, its critical path marked. */
export function generateSyntheticTrace(n: number, options: SyntheticOptions = {}): TraceDetail {
  const spans = syntheticSpans(n, options);
  const layout = layoutTrace(spans);
  const nodes: TraceNode[] = layout.rows.map((row) => ({
    span: row.span,
    critical: row.critical,
    orphan: row.orphan,
    children: [],
  }));
  const roots: TraceNode[] = [];
  layout.rows.forEach((row, i) => {
    const node = nodes[i];
    if (node !== undefined) {
      (row.parent < 0 ? roots : (nodes[row.parent]?.children ?? roots)).push(node);
    }
  });
  return {
    traceId: options.traceId ?? syntheticTraceId(n),
    startNanos: layout.startNanos.toString(),
    endNanos: (layout.startNanos + BigInt(layout.totalNanos)).toString(),
    spanCount: spans.length,
    errorCount: spans.filter((span) => span.statusCode === 'ERROR').length,
    services: [...new Set(spans.map((span) => span.serviceName))].sort(),
    roots,
    truncated: false,
  };
}
