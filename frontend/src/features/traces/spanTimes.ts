/** What the layout needs of a span; the API's SpanRow has it. */
export interface LayoutSpan {
  spanId: string;
  parentSpanId: string;
  name: string;
  /** Absolute nanoseconds since the epoch, a decimal string as the API sends it (or a number). */
  startTimeNanos: string | number;
  durationNanos: string | number;
  statusCode?: string;
}

export interface Times {
  /** The earliest start, absolute. */
  base: bigint;
  start: Float64Array;
  end: Float64Array;
  total: number;
}

/**
 * Start and end of each span relative to the earliest start. The decimal strings are split into
 * seconds and nanoseconds, each exact as a double, rather than parsed as one BigInt a span.
 */
export function relativeTimes(spans: readonly Pick<LayoutSpan, 'startTimeNanos' | 'durationNanos'>[]): Times {
  const n = spans.length;
  const seconds = new Float64Array(n);
  const nanos = new Float64Array(n);
  let first = 0;
  for (let i = 0; i < n; i++) {
    const value = spans[i]!.startTimeNanos;
    if (typeof value === 'number') {
      seconds[i] = Math.floor(value / 1e9);
      nanos[i] = value - seconds[i]! * 1e9;
    } else {
      const cut = value.length - 9;
      seconds[i] = cut > 0 ? Number(value.slice(0, cut)) : 0;
      nanos[i] = Number(cut > 0 ? value.slice(cut) : value);
    }
    if (seconds[i]! < seconds[first]! || (seconds[i] === seconds[first] && nanos[i]! < nanos[first]!)) {
      first = i;
    }
  }
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    start[i] = (seconds[i]! - seconds[first]!) * 1e9 + (nanos[i]! - nanos[first]!);
    end[i] = start[i]! + Math.max(0, Number(spans[i]!.durationNanos));
    total = Math.max(total, end[i]!);
  }
  const base = BigInt(seconds[first] ?? 0) * 1_000_000_000n + BigInt(nanos[first] ?? 0);
  return { base, start, end, total };
}
