import { formatNumber, formatPercent } from '../format';
import type { Group } from './results';

const RATES = new Set(['error_rate']);
const label = (name: string, unit: string) => {
  const text = name.replace(/_/g, ' ');
  return /^(min|avg|max|p\d+)$/.test(name) && unit !== '' ? `${text} (${unit})` : text;
};

/** Numbers by group (an aggregate: count, errors, percentiles), the rest in "other". */
export function GroupsTable({ unit, groups, other }: { unit: string; groups: Group[]; other?: Group }) {
  const dimensions = [...new Set(groups.flatMap((group) => Object.keys(group.key)))];
  const measures = [...new Set(groups.flatMap((group) => Object.keys(group.values)))];
  const rows = other === undefined ? groups : [...groups, other];
  return (
    <table className="chat-table">
      <thead>
        <tr>
          {dimensions.length === 0 ? <th scope="col">group</th> : dimensions.map((d) => <th key={d} scope="col">{d}</th>)}
          {measures.map((m) => <th key={m} scope="col" className="num">{label(m, unit)}</th>)}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index}>
            {dimensions.length === 0 ? (
              <td>{row === other ? 'other' : 'all'}</td>
            ) : (
              dimensions.map((d, i) => <td key={d}>{row === other ? (i === 0 ? 'other' : '') : row.key[d]}</td>)
            )}
            {measures.map((m) => (
              <td key={m} className="num">{RATES.has(m) ? formatPercent(row.values[m]) : formatNumber(row.values[m])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
