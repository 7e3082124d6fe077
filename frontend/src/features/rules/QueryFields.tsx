import { FormField } from './FormField';
import { type FieldErrors, LOG_SEVERITIES, type RuleDraft } from './ruleForm';
import { METRIC_AGGREGATIONS, type MetricAggregation, type Signal, SPAN_MEASURES } from './rules';

export interface FieldsProps {
  draft: RuleDraft;
  errors: FieldErrors;
  change: (change: Partial<RuleDraft>) => void;
  disabled: boolean;
}

const MEASURE_WORDS: Record<(typeof SPAN_MEASURES)[number], string> = {
  error_rate: 'error rate (0 to 1)',
  count: 'count of spans',
  p50: 'p50 latency (ms)',
  p90: 'p90 latency (ms)',
  p95: 'p95 latency (ms)',
  p99: 'p99 latency (ms)',
  avg: 'average latency (ms)',
  attribute_avg: 'average of a numeric attribute',
  attribute_p99: 'p99 of a numeric attribute',
};

const AGGREGATION_WORDS: Record<MetricAggregation, string> = {
  sum: 'sum (gauges and counters: the latest values added up)',
  avg: 'average',
  min: 'minimum',
  max: 'maximum',
  rate: 'rate per second (counters, histograms)',
  quantiles: 'quantile (histograms)',
};

const SIGNALS: readonly Signal[] = ['spans', 'logs', 'metrics'];

/** What the rule measures: spans (a measure, filters, group-by), a count of logs, or a metric. */
export function QueryFields({ draft, errors, change, disabled }: FieldsProps) {
  return (
    <fieldset className="rule-fieldset" disabled={disabled}>
      <legend>What to watch</legend>
      <FormField label="Name" error={errors.name}>
        <input value={draft.name} maxLength={200} placeholder="e.g. checkout errors" onChange={(e) => change({ name: e.target.value })} />
      </FormField>
      <FormField label="Signal" error={errors.signal}>
        <select value={draft.signal} onChange={(e) => change({ signal: SIGNALS.find((s) => s === e.target.value) ?? 'spans' })}>
          <option value="spans">spans</option>
          <option value="logs">logs (a count of records)</option>
          <option value="metrics">metrics</option>
        </select>
      </FormField>
      <FormField label="Service" error={errors.service} hint="empty: every service">
        <input value={draft.service} placeholder="e.g. checkout" onChange={(e) => change({ service: e.target.value })} />
      </FormField>
      {draft.signal === 'spans' && <SpanFields draft={draft} errors={errors} change={change} />}
      {draft.signal === 'logs' && <LogFields draft={draft} errors={errors} change={change} />}
      {draft.signal === 'metrics' && <MetricFields draft={draft} errors={errors} change={change} />}
    </fieldset>
  );
}

function SpanFields({ draft, errors, change }: Omit<FieldsProps, 'disabled'>) {
  const byAttribute = draft.measure === 'attribute_avg' || draft.measure === 'attribute_p99';
  return (
    <>
      <FormField label="Measure" error={errors.measure}>
        <select value={draft.measure} onChange={(e) => change({ measure: SPAN_MEASURES.find((m) => m === e.target.value) ?? 'error_rate' })}>
          {SPAN_MEASURES.map((measure) => (
            <option key={measure} value={measure}>
              {MEASURE_WORDS[measure]}
            </option>
          ))}
        </select>
      </FormField>
      {byAttribute && (
        <FormField label="Attribute measured" error={errors.attribute} hint="a numeric span attribute">
          <input value={draft.attribute} placeholder="e.g. cart.items" onChange={(e) => change({ attribute: e.target.value })} />
        </FormField>
      )}
      <FormField label="Attribute filters" error={errors.filters} hint="key=value, one per line (resource.… for resource attributes)" className="form-field-wide">
        <textarea rows={2} value={draft.filters} placeholder="http.route=/pay" onChange={(e) => change({ filters: e.target.value })} />
      </FormField>
      <FormField label="Group by" error={errors.groupBy} hint="service_name, name or attribute keys, comma separated; at most 3">
        <input value={draft.groupBy} placeholder="e.g. service_name" onChange={(e) => change({ groupBy: e.target.value })} />
      </FormField>
      <FormField label="Minimum volume" error={errors.minVolume} hint="fewer spans in the window: no data (default 10)">
        <input inputMode="numeric" value={draft.minVolume} onChange={(e) => change({ minVolume: e.target.value })} />
      </FormField>
    </>
  );
}

function LogFields({ draft, errors, change }: Omit<FieldsProps, 'disabled'>) {
  return (
    <>
      <FormField label="Minimum log severity" error={errors.minSeverity}>
        <select value={draft.minSeverity} onChange={(e) => change({ minSeverity: e.target.value })}>
          {LOG_SEVERITIES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </FormField>
      <FormField label="Body contains" error={errors.bodyContains} hint="words that must all appear, ignoring case">
        <input value={draft.bodyContains} maxLength={200} onChange={(e) => change({ bodyContains: e.target.value })} />
      </FormField>
      <label className="admin-toggle">
        <input type="checkbox" checked={draft.logsByService} onChange={(e) => change({ logsByService: e.target.checked })} />
        One alert per service
      </label>
      {errors.groupBy !== undefined && <span className="form-error">{errors.groupBy}</span>}
    </>
  );
}

function MetricFields({ draft, errors, change }: Omit<FieldsProps, 'disabled'>) {
  return (
    <>
      <FormField label="Metric" error={errors.metric} hint="its name exactly as reported">
        <input value={draft.metric} maxLength={200} placeholder="e.g. http.server.request.duration" onChange={(e) => change({ metric: e.target.value })} />
      </FormField>
      <FormField label="Aggregation" error={errors.aggregation} hint="over the whole window">
        <select value={draft.aggregation} onChange={(e) => change({ aggregation: METRIC_AGGREGATIONS.find((a) => a === e.target.value) ?? 'avg' })}>
          {METRIC_AGGREGATIONS.map((aggregation) => (
            <option key={aggregation} value={aggregation}>
              {AGGREGATION_WORDS[aggregation]}
            </option>
          ))}
        </select>
      </FormField>
      {draft.aggregation === 'quantiles' && (
        <FormField label="Quantile" error={errors.quantile} hint="0 to 1: 0.99 for p99">
          <input inputMode="decimal" value={draft.quantile} placeholder="0.99" onChange={(e) => change({ quantile: e.target.value })} />
        </FormField>
      )}
      <FormField label="Attribute filters" error={errors.filters} hint="key=value, one per line (resource.… for resource attributes)" className="form-field-wide">
        <textarea rows={2} value={draft.filters} placeholder="http.route=/pay" onChange={(e) => change({ filters: e.target.value })} />
      </FormField>
      <FormField label="Group by" error={errors.groupBy} hint="service_name or attribute keys, comma separated; at most 3">
        <input value={draft.groupBy} placeholder="e.g. service_name" onChange={(e) => change({ groupBy: e.target.value })} />
      </FormField>
    </>
  );
}
