import { useId } from 'react';
import type { MeterUsage } from './billing';
import { barState, barText, forecastPassesLimit, forecastText, meterLabel } from './meters';

/** One meter: its quantity against the limit as a bar with a text label, and the forecast. */
export function MeterRow({ usage, complete }: { usage: MeterUsage; complete: boolean }) {
  const labelId = useId();
  const state = barState(usage.quantity, usage.limit);
  const passes = forecastPassesLimit(usage, complete);
  return (
    <li className={`billing-meter billing-${state}`} data-testid="meter" data-meter={usage.meter} data-quantity={usage.quantity} data-state={state}>
      <div className="billing-meter-head">
        <strong id={labelId}>{meterLabel(usage.meter)}</strong>
        <span className="billing-meter-text" data-testid="meter-text">
          {barText(usage.meter, usage.quantity, usage.limit)}
        </span>
      </div>
      {usage.limit !== null && usage.limit > 0 && (
        <progress
          className="billing-bar"
          aria-labelledby={labelId}
          aria-valuetext={barText(usage.meter, usage.quantity, usage.limit)}
          value={Math.min(usage.quantity, usage.limit)}
          max={usage.limit}
        />
      )}
      <p className={passes ? 'billing-forecast billing-alert' : 'billing-forecast'} data-testid="meter-forecast">
        {forecastText(usage.meter, usage, complete)}
      </p>
    </li>
  );
}

/** The meters of a period, in the API's order. */
export function MeterList({ meters, complete }: { meters: MeterUsage[]; complete: boolean }) {
  return (
    <ul className="billing-meters">
      {meters.map((meter) => (
        <MeterRow key={meter.meter} usage={meter} complete={complete} />
      ))}
    </ul>
  );
}
