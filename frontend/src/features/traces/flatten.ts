import type { SpanRow, TraceDetail } from './types';

export interface FlatTrace {
  spans: SpanRow[];
  /** The spans the service marked on the critical path. */
  critical: Set<string>;
}

/** The service's tree as a list of spans and the ids on its critical path; iterative, any depth. */
export function flattenTrace(detail: Pick<TraceDetail, 'roots'>): FlatTrace {
  const spans: SpanRow[] = [];
  const critical = new Set<string>();
  const stack = [...detail.roots].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    spans.push(node.span);
    if (node.critical) {
      critical.add(node.span.spanId);
    }
    for (let k = node.children.length - 1; k >= 0; k--) {
      const child = node.children[k];
      if (child !== undefined) {
        stack.push(child);
      }
    }
  }
  return { spans, critical };
}
