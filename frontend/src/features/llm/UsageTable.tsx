import { formatCount, formatUsd } from '../../lib/format';
import { groupLabel } from './llmChart';
import type { Usage, UsageReport } from './llm';

/** Totals per group, "other" and all calls: calls, each kind of tokens, cost. */
export function UsageTable({ report, groupedBy }: { report: UsageReport; groupedBy: string }) {
  const rows: [string, Usage][] = report.groups.map((group) => [groupLabel(group.key), group.usage]);
  if (report.other !== null && report.other !== undefined) {
    rows.push(['other', report.other.usage]);
  }
  return (
    <table className="llm-totals">
      <caption className="visually-hidden">LLM usage totals by {groupedBy}</caption>
      <thead>
        <tr>
          <th scope="col">{groupedBy}</th>
          <th scope="col" className="data-numeric">Calls</th>
          <th scope="col" className="data-numeric">Input tokens</th>
          <th scope="col" className="data-numeric">of them cached</th>
          <th scope="col" className="data-numeric">Output tokens</th>
          <th scope="col" className="data-numeric">of them reasoning</th>
          <th scope="col" className="data-numeric">Cost</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, usage]) => (
          <UsageRow key={label} label={label} usage={usage} />
        ))}
      </tbody>
      <tfoot>
        <UsageRow label="Total" usage={report.total} header />
      </tfoot>
    </table>
  );
}

function UsageRow({ label, usage, header = false }: { label: string; usage: Usage; header?: boolean }) {
  return (
    <tr>
      {header ? <th scope="row">{label}</th> : <td>{label}</td>}
      <td className="data-numeric">{formatCount(usage.calls ?? 0)}</td>
      <td className="data-numeric">{formatCount(usage.inputTokens)}</td>
      <td className="data-numeric">{formatCount(usage.cachedInputTokens)}</td>
      <td className="data-numeric">{formatCount(usage.outputTokens)}</td>
      <td className="data-numeric">{formatCount(usage.reasoningTokens)}</td>
      <td className="data-numeric">{formatUsd(usage.costUsd)}</td>
    </tr>
  );
}
