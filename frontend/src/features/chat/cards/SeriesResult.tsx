import { useId, useMemo, useState } from 'react';
import { formatNumber } from '../format';
import { LineChart } from '../../../lib/charts/LineChart';
import type { Series } from './results';

const COUNTS = new Set(['count', 'errors', 'calls']);

export const seriesLabel = (key: Record<string, string>) =>
  Object.keys(key).length === 0 ? 'all' : Object.entries(key).map(([k, v]) => `${k}=${v}`).join(', ');

/** Series over time: the chosen measure of each as a line, and each one's total and highest value. */
export function SeriesResult({ unit, buckets, series }: { unit: string; buckets: number[]; series: Series[] }) {
  const names = useMemo(() => [...new Set(series.flatMap((s) => Object.keys(s.measures)))], [series]);
  const [chosen, setChosen] = useState<string>();
  const measure = chosen !== undefined && names.includes(chosen) ? chosen : names.includes('p95') ? 'p95' : (names[0] ?? '');
  const id = useId();
  const lines = useMemo(() => series.map((s) => ({ label: seriesLabel(s.key), values: s.measures[measure] ?? [] })), [series, measure]);
  const chartUnit = COUNTS.has(measure) ? measure : unit;
  return (
    <div className="chat-series">
      {names.length > 1 && (
        <>
          <label htmlFor={id}>Measure </label>
          <select id={id} value={measure} onChange={(event) => setChosen(event.target.value)}>
            {names.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </>
      )}
      <LineChart x={buckets} series={lines} unit={chartUnit} title={`${measure} over time, ${series.length} series`} height={220} />
      <table className="chat-table">
        <thead>
          <tr>
            <th scope="col">series</th>
            <th scope="col" className="num">{COUNTS.has(measure) ? `total ${measure}` : `highest ${measure}${unit === '' ? '' : ` (${unit})`}`}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.label}>
              <td>{line.label}</td>
              <td className="num">{formatNumber(COUNTS.has(measure) ? sum(line.values) : highest(line.values))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const sum = (values: (number | null)[]) => values.reduce<number>((total, v) => total + (v ?? 0), 0);

function highest(values: (number | null)[]): number | undefined {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? undefined : Math.max(...present);
}
