/** How the trace view writes durations, instants, tokens and money. */

const trim = (value: number, digits: number): string => {
  const text = value.toFixed(digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
};

/** 850 ns, 12.5 µs, 3.25 ms, 1.2 s, 2 min 5 s. */
export function formatDuration(nanos: number): string {
  const abs = Math.abs(nanos);
  if (abs < 1_000) {
    return `${Math.round(nanos)} ns`;
  }
  if (abs < 1_000_000) {
    return `${trim(nanos / 1_000, abs < 10_000 ? 2 : 1)} µs`;
  }
  if (abs < 1_000_000_000) {
    return `${trim(nanos / 1_000_000, abs < 10_000_000 ? 2 : 1)} ms`;
  }
  if (abs < 60_000_000_000) {
    return `${trim(nanos / 1_000_000_000, 2)} s`;
  }
  const seconds = Math.round(nanos / 1_000_000_000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** An absolute instant in nanoseconds as UTC with microseconds: 2026-12-08 14:03:18.990946 UTC. */
export function formatInstant(nanos: string | bigint): string {
  const value = typeof nanos === 'bigint' ? nanos : BigInt(nanos);
  const millis = value / 1_000_000n;
  const micros = (value / 1_000n) % 1_000n;
  const iso = new Date(Number(millis)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}${micros.toString().padStart(3, '0')} UTC`;
}

/** Nanoseconds between an absolute instant and a start, as a number (exact below 104 days). */
export function nanosSince(nanos: string, start: bigint): number {
  return Number(BigInt(nanos) - start);
}

/** +12.5 ms from the trace's start; negative for before it. */
export function formatOffset(nanos: number): string {
  return nanos < 0 ? `−${formatDuration(-nanos)}` : `+${formatDuration(nanos)}`;
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** US dollars with enough digits to tell small calls apart: $0.000357, $1.23. */
export function formatUsd(value: number): string {
  if (value === 0) {
    return '$0';
  }
  if (value >= 1) {
    return `$${value.toFixed(2)}`;
  }
  return `$${value.toPrecision(3).replace(/0+$/, '').replace(/\.$/, '')}`;
}

export interface Tick {
  /** Where on the axis, 0..1. */
  at: number;
  label: string;
}

/** The time axis: `parts` equal steps from the trace's start to its end, as Jaeger draws it. */
export function axisTicks(totalNanos: number, parts = 4): Tick[] {
  return Array.from({ length: parts + 1 }, (_, i) => ({
    at: i / parts,
    label: formatDuration((totalNanos * i) / parts),
  }));
}

/** Two decimal nanosecond strings in time order, without parsing them. */
export function compareNanos(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export type Severity = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'unset';

/** OTLP's severity number as its level: 1-4 trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal. */
export function severityOf(severityNumber: number): Severity {
  const levels: Severity[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
  return severityNumber < 1 ? 'unset' : (levels[Math.min(Math.floor((severityNumber - 1) / 4), 5)] ?? 'fatal');
}
