import { useId } from 'react';
import type { Metric } from './metricsQuery';

interface Props {
  metrics: readonly Metric[];
  selected: string;
  find: string;
  onFind: (text: string) => void;
  onPick: (metric: Metric) => void;
  truncated: boolean;
}

const TYPE_LABEL: Record<Metric['type'], string> = {
  GAUGE: 'gauge',
  SUM: 'sum',
  HISTOGRAM: 'histogram',
  EXPONENTIAL_HISTOGRAM: 'exp. histogram',
  SUMMARY: 'summary',
};

/** Metric names whose name contains the search text, ignoring case. */
export function filterMetrics(metrics: readonly Metric[], find: string): Metric[] {
  const needle = find.trim().toLowerCase();
  return needle === '' ? [...metrics] : metrics.filter((m) => m.name.toLowerCase().includes(needle));
}

/** The metrics of the time range, searchable; each a button that picks it. */
export function MetricPicker({ metrics, selected, find, onFind, onPick, truncated }: Props) {
  const id = useId();
  const shown = filterMetrics(metrics, find);
  return (
    <nav className="metrics-picker" aria-label="Metrics">
      <label htmlFor={`${id}-find`}>Search metrics</label>
      <input id={`${id}-find`} type="search" value={find} placeholder="name contains…" onChange={(e) => onFind(e.target.value)} />
      <p className="quiet" aria-live="polite">
        {shown.length} of {metrics.length}
        {truncated && ' (the first 1,000 names)'}
      </p>
      <ul>
        {shown.map((metric) => (
          <li key={`${metric.name}/${metric.type}`}>
            <button
              type="button"
              aria-pressed={metric.name === selected}
              title={metric.description === '' ? undefined : metric.description}
              onClick={() => onPick(metric)}
            >
              <span className="metrics-name">{metric.name}</span>
              <span className="quiet">
                {TYPE_LABEL[metric.type]}
                {metric.unit === '' ? '' : ` · ${metric.unit}`}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
