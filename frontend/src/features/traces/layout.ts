/**
 * The waterfall's layout, computed once per trace: spans as rows in tree order (each span's
 * children by start time, then name, then id, as the service orders them), each with its depth,
 * its subtree's extent (so collapsing skips it in one step) and its bar as fractions of the
 * trace. A span whose parent is not in the trace becomes a root marked orphan. O(n log n).
 */
import { criticalPath } from './criticalPath';
import { type LayoutSpan, relativeTimes } from './spanTimes';

export type { LayoutSpan };

export interface WaterfallRow<S extends LayoutSpan = LayoutSpan> {
  span: S;
  /** This row's position in {@link TraceLayout.rows}. */
  index: number;
  depth: number;
  /** The parent's row, -1 for a root. */
  parent: number;
  /** The row after this span's subtree: its descendants are rows index+1 .. subtreeEnd-1. */
  subtreeEnd: number;
  childCount: number;
  orphan: boolean;
  error: boolean;
  critical: boolean;
  /** Since the trace's start. */
  startNanos: number;
  durationNanos: number;
  /** Where the bar starts, as a fraction of the trace (0..1). */
  offset: number;
  /** The bar's length as a fraction of the trace (0..1). */
  width: number;
  /** The parts of the bar on the critical path, as fractions of the bar: [from, to]. */
  criticalSegments: readonly (readonly [number, number])[];
}

export interface TraceLayout<S extends LayoutSpan = LayoutSpan> {
  rows: WaterfallRow<S>[];
  /** A span id's row, undefined for a span not in the trace. */
  rowOf: (spanId: string) => number | undefined;
  /** The earliest start, absolute nanoseconds. */
  startNanos: bigint;
  /** From the earliest start to the latest end. */
  totalNanos: number;
}

export interface LayoutOptions {
  /**
   * The spans on the critical path as the service marked them; without it the layout
   * computes the path itself. The drawn segments are always computed.
   */
  critical?: ReadonlySet<string>;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Typed arrays are indexed with `!` below: every index is in range by construction, and this
 * runs over every span of a trace of up to 100,000 spans.
 */
export function layoutTrace<S extends LayoutSpan>(input: readonly S[], options: LayoutOptions = {}): TraceLayout<S> {
  const spans: S[] = [];
  const indexOf = new Map<string, number>();
  for (const span of input) {
    if (!indexOf.has(span.spanId)) {
      indexOf.set(span.spanId, spans.length);
      spans.push(span);
    }
  }
  const n = spans.length;
  if (n === 0) {
    return { rows: [], rowOf: () => undefined, startNanos: 0n, totalNanos: 0 };
  }
  const { base, start, end, total } = relativeTimes(spans);

  // Each span's children as one array of ranges (offsets[p] .. offsets[p + 1]), by start.
  const byStart = (a: number, b: number): number =>
    start[a]! - start[b]! ||
    compareText(spans[a]!.name, spans[b]!.name) ||
    compareText(spans[a]!.spanId, spans[b]!.spanId);
  const parentOf = new Int32Array(n).fill(-1);
  const offsets = new Int32Array(n + 1);
  const roots: number[] = [];
  const orphan = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const parentId = spans[i]!.parentSpanId;
    const parent = parentId === '' ? undefined : indexOf.get(parentId);
    if (parent === undefined || parent === i) {
      roots.push(i);
      orphan[i] = parentId !== '' && parent === undefined ? 1 : 0;
    } else {
      parentOf[i] = parent;
      offsets[parent + 1]!++;
    }
  }
  for (let p = 1; p <= n; p++) {
    offsets[p]! += offsets[p - 1]!;
  }
  const list = new Int32Array(offsets[n]!);
  const fill = offsets.slice(0, n);
  for (let i = 0; i < n; i++) {
    if (parentOf[i]! >= 0) {
      list[fill[parentOf[i]!]!++] = i;
    }
  }
  for (let p = 0; p < n; p++) {
    if (offsets[p + 1]! - offsets[p]! > 1) {
      list.subarray(offsets[p]!, offsets[p + 1]!).sort(byStart);
    }
  }
  roots.sort(byStart);

  // Tree order, depth first; spans in a loop of parents are reached from no root and become roots.
  const order = new Int32Array(n);
  let placedCount = 0;
  const depth = new Int32Array(n);
  const treeParent = new Int32Array(n).fill(-1);
  const childCount = new Int32Array(n);
  const placed = new Uint8Array(n);
  const shownRoots: number[] = [];
  const stack: number[] = [];
  const walk = (root: number) => {
    shownRoots.push(root);
    placed[root] = 1;
    stack.push(root);
    for (let i = stack.pop(); i !== undefined; i = stack.pop()) {
      order[placedCount++] = i;
      for (let k = offsets[i + 1]! - 1; k >= offsets[i]!; k--) {
        const child = list[k]!;
        if (placed[child] === 0) {
          placed[child] = 1;
          depth[child] = depth[i]! + 1;
          treeParent[child] = i;
          childCount[i]!++;
          stack.push(child);
        }
      }
    }
  };
  roots.forEach(walk);
  if (placedCount < n) {
    const rest = [...Array(n).keys()].filter((i) => placed[i] === 0).sort(byStart);
    for (const i of rest) {
      if (placed[i] === 0) {
        walk(i);
      }
    }
  }

  const path = criticalPath({ start, end, offsets, children: list, roots: shownRoots });
  const critical = options.critical;

  const rowIndex = new Int32Array(n);
  order.forEach((span, row) => {
    rowIndex[span] = row;
  });
  const size = new Int32Array(n).fill(1);
  for (let row = n - 1; row >= 0; row--) {
    const parent = treeParent[order[row]!]!;
    if (parent >= 0) {
      size[rowIndex[parent]!]! += size[row]!;
    }
  }

  const rows: WaterfallRow<S>[] = new Array<WaterfallRow<S>>(n);
  for (let row = 0; row < n; row++) {
    const i = order[row]!;
    const span = spans[i]!;
    const duration = end[i]! - start[i]!;
    const onPath = critical === undefined ? path.onPath[i] === 1 : critical.has(span.spanId);
    const segments = path.segments.get(i);
    rows[row] = {
      span,
      index: row,
      depth: depth[i]!,
      parent: treeParent[i]! < 0 ? -1 : rowIndex[treeParent[i]!]!,
      subtreeEnd: row + size[row]!,
      childCount: childCount[i]!,
      orphan: orphan[i] === 1,
      error: span.statusCode === 'ERROR',
      critical: onPath,
      startNanos: start[i]!,
      durationNanos: duration,
      offset: total > 0 ? start[i]! / total : 0,
      width: total > 0 ? duration / total : 0,
      criticalSegments: !onPath
        ? []
        : segments === undefined || segments.length === 0 || duration === 0
          ? [[0, 1]]
          : segments.map(([from, to]) => [(from - start[i]!) / duration, (to - start[i]!) / duration] as const),
    };
  }
  const rowOf = (spanId: string) => {
    const i = indexOf.get(spanId);
    return i === undefined ? undefined : rowIndex[i];
  };
  return { rows, rowOf, startNanos: base, totalNanos: total };
}

/** The services of a layout, in order of first appearance. */
export function servicesOf(rows: readonly WaterfallRow<LayoutSpan & { serviceName: string }>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) {
    seen.add(row.span.serviceName);
  }
  return [...seen];
}
