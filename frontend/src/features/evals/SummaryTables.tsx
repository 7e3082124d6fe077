import { formatCount, formatUsd } from '../../lib/format';
import type { Summary } from './evals';
import { formatRate, summaryTables, type TallyRow } from './evalReport';

/** The run's figures overall, by tag and by category. */
export function SummaryTables({ summary }: { summary: Summary }) {
  return (
    <section className="eval-summary" aria-labelledby="eval-summary-title">
      <h3 id="eval-summary-title">Summary</h3>
      <p className="quiet">
        A scenario passes when every one of its questions is answered correctly; the other columns count questions by
        outcome. A correct answer cost {formatCount(summary.tokensPerCorrect)} tokens, the wasted ones included.
      </p>
      {summaryTables(summary).map(({ title, rows }) => (
        <TallyTable key={title} title={title} rows={rows} />
      ))}
    </section>
  );
}

function TallyTable({ title, rows }: { title: string; rows: TallyRow[] }) {
  return (
    <table className="eval-tally" data-testid="eval-tally" data-group={title}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col" className="eval-number">Scenarios</th>
          <th scope="col" className="eval-number">Passed</th>
          <th scope="col" className="eval-number">Pass rate</th>
          <th scope="col" className="eval-number">Declined</th>
          <th scope="col" className="eval-number">Wrong</th>
          <th scope="col" className="eval-number">Off-topic</th>
          <th scope="col" className="eval-number">Failed</th>
          <th scope="col" className="eval-number">Tool calls</th>
          <th scope="col" className="eval-number">Tokens</th>
          <th scope="col" className="eval-number">Cost</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.group} data-testid="eval-tally-row" data-group={row.group}>
            <th scope="row">{row.group}</th>
            <td className="eval-number">{row.scenarios}</td>
            <td className="eval-number">{row.passed}</td>
            <td className="eval-number">{formatRate(row.passRate)}</td>
            <td className="eval-number">{row.declined}</td>
            <td className="eval-number">{row.wrong}</td>
            <td className="eval-number">{row.offTopic}</td>
            <td className="eval-number">{row.failed}</td>
            <td className="eval-number">{formatCount(row.toolCalls)}</td>
            <td className="eval-number">{formatCount(row.tokens)}</td>
            <td className="eval-number">{formatUsd(row.costUsd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
