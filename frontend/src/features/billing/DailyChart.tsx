import { useMemo } from 'react';
import { formatCompact, formatUsd } from '../../lib/format';
import { LineChart } from '../../lib/charts/LineChart';
import type { MeterUsage } from './billing';
import { meterLabel } from './meters';
import { dailySeries } from './usageChart';

const usdFromMicros = (micros: number) => formatUsd(micros / 1e6);

/** A meter day by day over the period, with a picker of the meter (in the URL). */
export function DailyChart({ meters, meter, periodName, onMeter }: {
  meters: MeterUsage[];
  meter: string;
  periodName: string;
  onMeter: (meter: string) => void;
}) {
  const shown = meters.find((m) => m.meter === meter) ?? meters[0];
  const data = useMemo(() => (shown === undefined ? undefined : dailySeries(shown)), [shown]);
  if (shown === undefined || data === undefined) {
    return null;
  }
  const title = `${meterLabel(shown.meter)} per day, ${periodName}`;
  return (
    <section className="billing-chart" aria-labelledby="billing-chart-title">
      <div className="billing-chart-head">
        <h3 id="billing-chart-title">{title}</h3>
        <label>
          Meter{' '}
          <select value={shown.meter} onChange={(event) => onMeter(event.target.value)}>
            {meters.map((m) => (
              <option key={m.meter} value={m.meter}>
                {meterLabel(m.meter)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <LineChart
        x={data.x}
        series={data.series}
        title={title}
        format={shown.meter === 'agent_cost_micros' ? usdFromMicros : formatCompact}
        height={200}
        testId="usage-chart"
      />
    </section>
  );
}
