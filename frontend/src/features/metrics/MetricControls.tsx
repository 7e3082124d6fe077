import { useId, useState } from 'react';
import { ConditionsEditor } from '../../lib/ConditionsEditor';
import { TimeRangePicker } from '../../lib/TimeRange';
import { type Aggregation, AGGREGATIONS, type Metric, type MetricsQuery, parseQuantiles, quantileLabel } from './metricsQuery';

interface Props {
  query: MetricsQuery;
  metric: Metric | undefined;
  aggregation: Aggregation | undefined;
  onChange: (query: MetricsQuery) => void;
  onRefresh: () => void;
}

/** Time range, aggregation (those the metric allows), quantiles, group by, service and attribute conditions. */
export function MetricControls({ query, metric, aggregation, onChange, onRefresh }: Props) {
  const id = useId();
  const allowed = AGGREGATIONS.filter((a) => metric?.aggregations.some((m) => m.toLowerCase() === a) ?? false);
  const groupValue = query.groupBy === undefined ? '' : `${query.groupBy.scope}:${query.groupBy.key}`;
  return (
    <div className="metrics-controls">
      <TimeRangePicker value={query.time} onChange={(time) => onChange({ ...query, time })} onRefresh={onRefresh} />
      {metric !== undefined && (
        <div className="data-controls">
          <label htmlFor={`${id}-agg`}>Aggregation</label>
          <select
            id={`${id}-agg`}
            value={aggregation ?? ''}
            onChange={(e) => onChange({ ...query, aggregation: allowed.find((a) => a === e.target.value) })}
          >
            {allowed.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
          {aggregation === 'quantiles' && (
            <Quantiles key={query.quantiles.join(',')} quantiles={query.quantiles} onChange={(quantiles) => onChange({ ...query, quantiles })} />
          )}
          <label htmlFor={`${id}-by`}>Group by</label>
          <select
            id={`${id}-by`}
            value={groupValue}
            onChange={(e) => {
              const [scope, ...key] = e.target.value.split(':');
              const { groupBy: _dropped, ...rest } = query;
              onChange(e.target.value === '' ? rest : { ...rest, groupBy: { scope: scope === 'resource' ? 'resource' : 'record', key: key.join(':') } });
            }}
          >
            <option value="">nothing (one series)</option>
            <optgroup label="Data point attributes">
              {metric.attributeKeys.map((key) => (
                <option key={key} value={`record:${key}`}>
                  {key}
                </option>
              ))}
            </optgroup>
            <optgroup label="Resource attributes">
              {metric.resourceKeys.map((key) => (
                <option key={key} value={`resource:${key}`}>
                  {key}
                </option>
              ))}
            </optgroup>
          </select>
          <label htmlFor={`${id}-service`}>Service</label>
          <select id={`${id}-service`} value={query.service} onChange={(e) => onChange({ ...query, service: e.target.value })}>
            <option value="">all</option>
            {[...new Set([...metric.services, ...(query.service === '' ? [] : [query.service])])].map((service) => (
              <option key={service} value={service}>
                {service}
              </option>
            ))}
          </select>
        </div>
      )}
      {metric !== undefined && (
        <ConditionsEditor
          conditions={query.conditions}
          onChange={(conditions) => onChange({ ...query, conditions })}
          keys={[...metric.attributeKeys, ...metric.resourceKeys]}
        />
      )}
    </div>
  );
}

function Quantiles({ quantiles, onChange }: { quantiles: number[]; onChange: (quantiles: number[]) => void }) {
  const id = useId();
  const [text, setText] = useState(quantiles.map(quantileLabel).join(', '));
  const parsed = parseQuantiles(text);
  return (
    <>
      <label htmlFor={`${id}-q`}>Quantiles</label>
      <input
        id={`${id}-q`}
        value={text}
        size={18}
        placeholder="p50, p90, p95, p99"
        onChange={(e) => setText(e.target.value)}
        onBlur={() => onChange(parsed)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            onChange(parsed);
          }
        }}
        aria-describedby={`${id}-q-help`}
      />
      <span id={`${id}-q-help`} className="visually-hidden">
        Up to 10, as p95 or 0.95; empty for p50, p90, p95 and p99. Applied when you leave the field or press Enter.
      </span>
    </>
  );
}
