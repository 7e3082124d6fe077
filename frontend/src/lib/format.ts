/** Small formatters shared by the data pages: nanosecond strings, durations, money and counts. */

/** The query API sends nanosecond times as strings (they exceed JavaScript's exact integers). */
export function nanosToMillis(nanos: string | number): number {
  if (typeof nanos === 'number') {
    return Math.floor(nanos / 1e6);
  }
  try {
    return Number(BigInt(nanos) / 1_000_000n);
  } catch {
    return Number.NaN;
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-12-07 13:58:59.123` in the browser's time zone. */
export function formatTimestamp(millis: number): string {
  if (!Number.isFinite(millis)) {
    return '—';
  }
  const d = new Date(millis);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  );
}

/** 812 µs, 35.2 ms, 2.15 s. */
export function formatDurationNanos(nanos: string | number): string {
  const n = typeof nanos === 'number' ? nanos : Number(nanos);
  if (!Number.isFinite(n)) {
    return '—';
  }
  if (n < 1e6) {
    return `${(n / 1e3).toFixed(0)} µs`;
  }
  if (n < 1e9) {
    return `${(n / 1e6).toFixed(n < 1e7 ? 2 : 1)} ms`;
  }
  return `${(n / 1e9).toFixed(2)} s`;
}

/** $7.30, $0.0044, $0 — small sums keep two significant digits. */
export function formatUsd(usd: number): string {
  if (usd === 0) {
    return '$0';
  }
  if (Math.abs(usd) >= 1) {
    return `$${usd.toFixed(2)}`;
  }
  return `$${usd.toPrecision(2)}`;
}

const counts = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
export function formatCount(n: number): string {
  return counts.format(n);
}

/** A chart axis value: 1.2k, 3.4M, 0.25 — compact and unit-free. */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${+(n / 1e9).toFixed(1)}G`;
  if (abs >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  if (abs === 0) return '0';
  if (abs < 0.01) return n.toExponential(1);
  return String(+n.toPrecision(3));
}
