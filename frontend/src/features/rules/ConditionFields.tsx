import { FormField } from './FormField';
import type { FieldsProps } from './QueryFields';

/** When the rule fires: above or below a threshold, or a change against a baseline; over what window, how often. */
export function ConditionFields({ draft, errors, change, disabled }: FieldsProps) {
  const change_ = draft.condition === 'change';
  return (
    <fieldset className="rule-fieldset" disabled={disabled}>
      <legend>When it fires</legend>
      <FormField label="Condition">
        <select value={draft.condition} onChange={(e) => change({ condition: e.target.value === 'change' ? 'change' : 'threshold' })}>
          <option value="threshold">a threshold</option>
          <option value="change">a change against a baseline</option>
        </select>
      </FormField>
      <FormField label="Direction" error={errors.direction}>
        <select value={draft.direction} onChange={(e) => change({ direction: e.target.value === 'below' ? 'below' : 'above' })}>
          <option value="above">{change_ ? 'rises above the baseline' : 'above'}</option>
          <option value="below">{change_ ? 'falls below the baseline' : 'below'}</option>
        </select>
      </FormField>
      {change_ ? (
        <>
          <FormField label="Baseline" error={errors.baseline}>
            <select
              value={draft.baseline}
              onChange={(e) =>
                change({ baseline: e.target.value === 'week_before' ? 'week_before' : e.target.value === 'trailing' ? 'trailing' : 'day_before' })
              }
            >
              <option value="day_before">the same window a day earlier</option>
              <option value="week_before">the same window a week earlier</option>
              <option value="trailing">the hours before the window</option>
            </select>
          </FormField>
          {draft.baseline === 'trailing' && (
            <FormField label="Trailing hours" error={errors.hours} hint="1 to 72">
              <input inputMode="numeric" value={draft.hours} onChange={(e) => change({ hours: e.target.value })} />
            </FormField>
          )}
          <FormField label="Factor" error={errors.factor} hint="1.5 for 50 % more (or less) than the baseline">
            <input inputMode="decimal" value={draft.factor} onChange={(e) => change({ factor: e.target.value })} />
          </FormField>
          <FormField label="Minimum difference" error={errors.minDifference} hint="optional: and by at least this much">
            <input inputMode="decimal" value={draft.minDifference} onChange={(e) => change({ minDifference: e.target.value })} />
          </FormField>
        </>
      ) : (
        <FormField label="Threshold" error={errors.threshold} hint="an error rate is 0 to 1: 0.05 for 5 %">
          <input inputMode="decimal" value={draft.threshold} onChange={(e) => change({ threshold: e.target.value })} />
        </FormField>
      )}
      <FormField label="Window" error={errors.window} hint="measured over: 1m to 24h, e.g. 10m">
        <input value={draft.window} onChange={(e) => change({ window: e.target.value })} />
      </FormField>
      <FormField label="Interval" error={errors.interval} hint="evaluated every: 30s to 1h">
        <input value={draft.interval} onChange={(e) => change({ interval: e.target.value })} />
      </FormField>
    </fieldset>
  );
}
