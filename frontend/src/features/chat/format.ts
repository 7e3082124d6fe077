/** Numbers as the chat shows them. */

export const formatTokens = (tokens: number) => `${tokens.toLocaleString('en-US')} tokens`;

/** Micro-dollars as dollars: $0 for nothing, else four significant digits at most. */
export function formatCost(micros: number): string {
  if (micros === 0) {
    return '$0';
  }
  const dollars = micros / 1_000_000;
  return dollars >= 1 ? `$${dollars.toFixed(2)}` : `$${Number(dollars.toPrecision(2))}`;
}

export function formatMs(ms: number): string {
  if (ms < 1000) {
    return `${Math.round(ms * 10) / 10} ms`;
  }
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatNumber(value: number | undefined): string {
  if (value === undefined) {
    return '–';
  }
  return Number.isInteger(value) ? value.toLocaleString('en-US') : Number(value.toPrecision(4)).toLocaleString('en-US');
}

export const formatPercent = (share: number | undefined) => (share === undefined ? '–' : `${Number((share * 100).toPrecision(3))}%`);

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}
