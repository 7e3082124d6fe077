import { Fragment } from 'react';
import { formatTime } from '../format';
import { LinkedText } from '../TraceLink';
import type { RecordSection } from './results';

const TIMES = new Set(['start', 'time']);
const NUMERIC = /^-?\d+(\.\d+)?(E-?\d+)?$/i;

/** Rows of records (traces found, a trace's spans, LLM calls), each trace id a link; a summary above. */
export function RecordsTable({ summary, sections }: { summary: [string, string][]; sections: RecordSection[] }) {
  return (
    <div className="chat-records">
      {summary.length > 0 && (
        <dl className="chat-summary">
          {summary.map(([name, value]) => (
            <Fragment key={name}>
              <dt>{name.replace(/_/g, ' ')}</dt>
              <dd><LinkedText text={value} /></dd>
            </Fragment>
          ))}
        </dl>
      )}
      {sections.map((section, index) => (
        <Fragment key={index}>
          {section.title !== '' && <h4>{section.title}</h4>}
          {section.rows.length === 0 ? (
            <p className="quiet">None.</p>
          ) : (
            <table className="chat-table">
              <thead>
                <tr>{section.columns.map((c) => <th key={c} scope="col">{c.replace(/_/g, ' ')}</th>)}</tr>
              </thead>
              <tbody>
                {section.rows.map((row, r) => (
                  <tr key={r}>
                    {section.columns.map((c) => {
                      const value = row[c] ?? '';
                      return (
                        <td key={c} className={NUMERIC.test(value) ? 'num' : undefined}>
                          {TIMES.has(c) && value !== '' ? formatTime(value) : <LinkedText text={value} />}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Fragment>
      ))}
    </div>
  );
}
