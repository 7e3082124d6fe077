/** Pure words and numbers of the usage page: meter names and units, a bar's state, the forecast. */
import { formatCount, formatUsd } from '../../lib/format';

const METERS: Record<string, { label: string; unit: string }> = {
  spans: { label: 'Spans', unit: 'spans' },
  log_records: { label: 'Log records', unit: 'log records' },
  metric_points: { label: 'Metric points', unit: 'data points' },
  agent_tokens: { label: 'Agent tokens', unit: 'tokens' },
  agent_cost_micros: { label: 'Agent cost', unit: 'USD' },
  ingested_bytes: { label: 'Data ingested', unit: 'bytes' },
  investigations: { label: 'Investigations', unit: 'investigations' },
  sandbox_minutes: { label: 'Sandbox minutes', unit: 'minutes' },
};

export function meterLabel(meter: string): string {
  return METERS[meter]?.label ?? meter.replaceAll('_', ' ');
}

/** Bytes in decimal units, as plans count them (a GB is 10^9 bytes): 150 GB, 387.6 kB, 912 bytes. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e12) return `${+(bytes / 1e12).toFixed(2)} TB`;
  if (bytes >= 1e9) return `${+(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${+(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${+(bytes / 1e3).toFixed(1)} kB`;
  return `${formatCount(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

/** A meter's quantity in its unit: 1,234,567 spans; $0.42 for the agent's cost (micro-USD); bytes in kB to TB. */
export function formatQuantity(meter: string, quantity: number): string {
  if (meter === 'agent_cost_micros') {
    return formatUsd(quantity / 1e6);
  }
  if (meter === 'ingested_bytes') {
    return formatBytes(quantity);
  }
  return `${formatCount(quantity)} ${METERS[meter]?.unit ?? ''}`.trim();
}

/** A limit in a table whose header names the unit: 150M, 1.5B, 20 GB, 1 TB; null is "no limit". */
export function formatLimitShort(meter: string, limit: number | null): string {
  if (limit === null) {
    return 'no limit';
  }
  if (meter === 'ingested_bytes') {
    return limit >= 1e12 ? `${+(limit / 1e12).toFixed(2)} TB` : `${+(limit / 1e9).toFixed(2)} GB`;
  }
  if (limit >= 1e9) return `${+(limit / 1e9).toFixed(2)}B`;
  if (limit >= 1e6) return `${+(limit / 1e6).toFixed(2)}M`;
  if (limit >= 1e3) return `${+(limit / 1e3).toFixed(2)}k`;
  return formatCount(limit);
}

/** A limit in words; null is "no limit". */
export function formatLimit(meter: string, limit: number | null): string {
  return limit === null ? 'no limit' : formatQuantity(meter, limit);
}

export type BarState = 'unlimited' | 'ok' | 'warn' | 'over';

/** The share of a limit from which the bar warns. */
export const WARN_AT = 0.8;

/** How a meter stands against its limit: no limit, fine, near it (80 % and up), at or past it. */
export function barState(quantity: number, limit: number | null): BarState {
  if (limit === null) {
    return 'unlimited';
  }
  if (quantity >= limit) {
    return limit === 0 && quantity === 0 ? 'ok' : 'over';
  }
  return quantity / limit >= WARN_AT ? 'warn' : 'ok';
}

/** A share as a person reads it: 0.35 %, 12 %, 140 %. */
export function formatShare(fraction: number): string {
  const percent = fraction * 100;
  if (percent === 0) return '0%';
  if (percent < 1) return `${+percent.toPrecision(2)}%`;
  return `${Math.round(percent)}%`;
}

/** The bar's text label: what is used of what, and in words when it warns or is past the limit. */
export function barText(meter: string, quantity: number, limit: number | null): string {
  const state = barState(quantity, limit);
  const used = formatQuantity(meter, quantity);
  if (state === 'unlimited' || limit === null) {
    return `${used} used, no limit`;
  }
  const share = limit === 0 ? '' : ` (${formatShare(quantity / limit)})`;
  const of = `${used} of ${formatLimit(meter, limit)}${share}`;
  switch (state) {
    case 'over':
      return quantity > limit
        ? `Over the limit: ${of}, ${formatQuantity(meter, quantity - limit)} past it`
        : `Limit reached: ${of}`;
    case 'warn':
      return `Near the limit: ${of}`;
    default:
      return of;
  }
}

/** The forecast in words, and whether it passes the limit. */
export function forecastText(meter: string, usage: { quantity: number; forecast: number; limit: number | null }, complete: boolean): string {
  if (complete) {
    return `The month is over: ${formatQuantity(meter, usage.quantity)} in all.`;
  }
  const forecast = `At this pace, about ${formatQuantity(meter, usage.forecast)} by the month's end`;
  if (usage.limit === null) {
    return `${forecast} (no limit).`;
  }
  if (usage.forecast > usage.limit) {
    return `${forecast}: past the limit of ${formatLimit(meter, usage.limit)}.`;
  }
  return `${forecast}, within the limit of ${formatLimit(meter, usage.limit)}.`;
}

/** Whether the forecast passes the limit (never for a finished month or without a limit). */
export function forecastPassesLimit(usage: { forecast: number; limit: number | null }, complete: boolean): boolean {
  return !complete && usage.limit !== null && usage.forecast > usage.limit;
}
