import { Link, useParams } from 'react-router';
import { formatCount, formatOffset, formatUsd } from './format';
import type { Attributes, LlmUsage, SpanEvent, SpanLink } from './types';
import { tracePath } from './viewState';

export function AttributeTable({ title, attributes }: { title: string; attributes: Attributes }) {
  const keys = Object.keys(attributes).sort();
  if (keys.length === 0) {
    return <p className="quiet">No {title.toLowerCase()}.</p>;
  }
  return (
    <table className="trace-attributes">
      <caption>{title}</caption>
      <tbody>
        {keys.map((key) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>{attributes[key]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An LLM call's model, tokens (with the parts the provider reported) and cost. */
export function LlmCall({ usage }: { usage: LlmUsage }) {
  const parts = (entries: [string, number][]) =>
    entries
      .filter(([, count]) => count > 0)
      .map(([name, count]) => `${formatCount(count)} ${name}`)
      .join(', ');
  const input = parts([
    ['cached', usage.cachedInputTokens],
    ['cache write', usage.cacheWriteTokens],
  ]);
  const output = parts([['reasoning', usage.reasoningTokens]]);
  return (
    <section className="trace-llm" aria-label="LLM call">
      <h4>LLM call</h4>
      <dl className="trace-fields">
        <dt>Model</dt>
        <dd>
          {usage.model || 'unknown'}
          {usage.system !== '' && ` (${usage.system})`}
        </dd>
        <dt>Input tokens</dt>
        <dd>
          {formatCount(usage.inputTokens)}
          {input !== '' && ` (of which ${input})`}
        </dd>
        <dt>Output tokens</dt>
        <dd>
          {formatCount(usage.outputTokens)}
          {output !== '' && ` (of which ${output})`}
        </dd>
        <dt>Cost</dt>
        <dd>{formatUsd(usage.costUsd)}</dd>
      </dl>
    </section>
  );
}

const inline = (attributes: Attributes) =>
  Object.entries(attributes)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');

export function SpanEvents({ events, spanStart }: { events: SpanEvent[]; spanStart: bigint }) {
  if (events.length === 0) {
    return <p className="quiet">No events.</p>;
  }
  return (
    <section aria-label="Events">
      <h4>Events ({events.length})</h4>
      <ol className="trace-events">
        {events.map((event, i) => (
          <li key={`${event.timeNanos}-${i}`}>
            <span className="trace-offset">{formatOffset(Number(BigInt(event.timeNanos) - spanStart))}</span>{' '}
            <strong>{event.name}</strong> <span className="trace-inline-attributes">{inline(event.attributes)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function SpanLinks({ links }: { links: SpanLink[] }) {
  const { workspace, project } = useParams();
  if (links.length === 0) {
    return <p className="quiet">No links.</p>;
  }
  return (
    <section aria-label="Links">
      <h4>Links ({links.length})</h4>
      <ul className="trace-links">
        {links.map((link) => (
          <li key={`${link.traceId}-${link.spanId}`}>
            {workspace !== undefined && project !== undefined ? (
              <Link to={tracePath(workspace, project, link.traceId, link.spanId)}>
                trace <code>{link.traceId}</code>, span <code>{link.spanId}</code>
              </Link>
            ) : (
              <>
                trace <code>{link.traceId}</code>, span <code>{link.spanId}</code>
              </>
            )}{' '}
            <span className="trace-inline-attributes">{inline(link.attributes)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
