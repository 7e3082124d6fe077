import type { ChartSeries } from '../../lib/charts/chartData';
import type { MeterUsage } from './billing';
import { meterLabel } from './meters';

/** A meter's days as chart columns: each UTC day's start in epoch seconds, its quantity. */
export function dailySeries(usage: MeterUsage): { x: number[]; series: ChartSeries[] } {
  return {
    x: usage.days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000),
    series: [{ label: meterLabel(usage.meter), values: usage.days.map((d) => d.quantity) }],
  };
}
