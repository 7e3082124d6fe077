/**
 * The critical path of a trace: the chain of spans that kept it from finishing sooner. The same
 * walk as the service's (analytics TraceQueries.markCritical), so the client can draw which
 * part of each bar is on the path and mark a trace the service did not (a synthetic one):
 * start at the end of the root that ends last; walking back, take the child that finished last
 * before the point reached, then the one before that child's start, and so on; take each chosen
 * child's own path the same way, up to the point where it was chosen.
 */

/** A tree of spans as parallel arrays indexed by span: times relative to the trace's start. */
export interface SpanTree {
  start: Float64Array;
  end: Float64Array;
  /** Span p's children are children[offsets[p]] .. children[offsets[p + 1] - 1], in any order. */
  offsets: Int32Array;
  children: Int32Array;
  /** The spans shown as roots, in display order. */
  roots: readonly number[];
}

export interface CriticalPath {
  /** 1 for a span on the path. */
  onPath: Uint8Array;
  /** The stretches of each span on the path when no child of it was: [from, to] in trace time. */
  segments: Map<number, [number, number][]>;
}

/** The root that ends last (the longer on a tie, the first on a full tie). */
export function lastRoot(tree: SpanTree): number | undefined {
  let best: number | undefined;
  for (const root of tree.roots) {
    if (best === undefined) {
      best = root;
      continue;
    }
    const end = tree.end[root] ?? 0;
    const bestEnd = tree.end[best] ?? 0;
    const longer = end - (tree.start[root] ?? 0) > bestEnd - (tree.start[best] ?? 0);
    if (end > bestEnd || (end === bestEnd && longer)) {
      best = root;
    }
  }
  return best;
}

/** Iterative (a 10,000-deep chain must not overflow the stack); O(n log n) for the sorts. */
export function criticalPath(tree: SpanTree): CriticalPath {
  const n = tree.start.length;
  const onPath = new Uint8Array(n);
  const segments = new Map<number, [number, number][]>();
  const root = lastRoot(tree);
  if (root === undefined) {
    return { onPath, segments };
  }
  const stack: [number, number][] = [[root, Number.POSITIVE_INFINITY]];
  while (stack.length > 0) {
    const [span, until] = stack.pop() ?? [0, 0];
    if (onPath[span] === 1) {
      continue;
    }
    onPath[span] = 1;
    const spanStart = tree.start[span] ?? 0;
    let cursor = Math.min(tree.end[span] ?? 0, until);
    const own: [number, number][] = [];
    const byEnd = Array.from(tree.children.subarray(tree.offsets[span] ?? 0, tree.offsets[span + 1] ?? 0)).sort(
      (a, b) => (tree.end[b] ?? 0) - (tree.end[a] ?? 0),
    );
    for (const child of byEnd) {
      const childStart = tree.start[child] ?? 0;
      if (childStart < cursor) {
        const from = Math.max(Math.min(tree.end[child] ?? 0, cursor), spanStart);
        if (from < cursor) {
          own.push([from, cursor]);
        }
        stack.push([child, cursor]);
        cursor = childStart;
      }
    }
    if (cursor > spanStart) {
      own.push([spanStart, cursor]);
    }
    segments.set(span, own.reverse());
  }
  return { onPath, segments };
}
