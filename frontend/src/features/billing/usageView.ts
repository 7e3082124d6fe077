/**
 * The usage page's place in the URL: the month (`?period=YYYY-MM`, absent for the current one)
 * and the meter drawn day by day (`?meter=…`, absent for spans). Pure, so a link reproduces it.
 */

export const DEFAULT_METER = 'spans';

export interface UsageView {
  /** YYYY-MM; undefined is the current month. */
  period?: string;
  meter: string;
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;
const METER = /^[a-z_]{1,40}$/;

export function isPeriod(text: string): boolean {
  return PERIOD.test(text);
}

export function parseUsageView(params: URLSearchParams): UsageView {
  const period = params.get('period')?.trim();
  const meter = params.get('meter')?.trim();
  return {
    period: period !== undefined && isPeriod(period) ? period : undefined,
    meter: meter !== undefined && METER.test(meter) ? meter : DEFAULT_METER,
  };
}

export function formatUsageView(view: UsageView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.period !== undefined) {
    params.set('period', view.period);
  }
  if (view.meter !== DEFAULT_METER) {
    params.set('meter', view.meter);
  }
  return params;
}

/** The month (UTC) of an instant, as YYYY-MM. */
export function periodOf(now: Date): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** This month and the `count - 1` before it, newest first, as YYYY-MM (UTC). */
export function recentPeriods(now: Date, count: number): string[] {
  const periods: string[] = [];
  for (let back = 0; back < count; back++) {
    periods.push(periodOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1))));
  }
  return periods;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "December 2026" for 2026-12; the text itself when it is not a month. */
export function periodName(period: string): string {
  const match = PERIOD.exec(period);
  return match === null ? period : `${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
}
