/** Formatting of the explorer's times and durations; times are shown in UTC throughout. */

/** Nanoseconds (a JSON string, exact) as a short duration: 950 µs, 12.3 ms, 1.25 s. */
export function formatNanos(nanos: string | number): string {
  return formatMs(Number(nanos) / 1e6);
}

export function formatMs(ms: number): string {
  if (ms >= 60_000) {
    return `${(ms / 60_000).toFixed(1)} min`;
  }
  if (ms >= 1000) {
    return `${Number((ms / 1000).toPrecision(3))} s`;
  }
  if (ms >= 1) {
    return `${Number(ms.toPrecision(3))} ms`;
  }
  return `${Number((ms * 1000).toPrecision(3))} µs`;
}

/** Epoch nanoseconds (string) as epoch milliseconds. */
export function nanosToMs(nanos: string): number {
  // The last six digits are below a millisecond; cutting them keeps the number exact.
  return nanos.length > 6 ? Number(nanos.slice(0, -6)) : 0;
}

/** YYYY-MM-DD HH:mm:ss in UTC. */
export function formatUtc(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}

/** The value of a datetime-local input, read as UTC: YYYY-MM-DDTHH:mm. */
export function toInputUtc(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 16);
}

/** A datetime-local input's value (YYYY-MM-DDTHH:mm[:ss]) read as UTC; undefined when blank or bad. */
export function fromInputUtc(value: string): number | undefined {
  if (value.trim() === '') {
    return undefined;
  }
  const parsed = Date.parse(`${value.trim()}Z`);
  return Number.isNaN(parsed) ? undefined : parsed;
}
