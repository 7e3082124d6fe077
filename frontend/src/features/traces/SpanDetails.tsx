import { formatDuration, formatInstant, formatOffset } from './format';
import type { WaterfallRow } from './layout';
import { AttributeTable, LlmCall, SpanEvents, SpanLinks } from './SpanParts';
import type { SpanRow } from './types';

interface Props {
  row: WaterfallRow<SpanRow>;
  color: string;
  /** The trace's start, absolute nanoseconds. */
  traceStart: bigint;
  onClose: () => void;
}

/** Everything about the selected span: what and where, its status, LLM usage, attributes, events, links. */
export function SpanDetails({ row, color, traceStart, onClose }: Props) {
  const { span } = row;
  const start = BigInt(span.startTimeNanos);
  const isLlm = span.llm !== undefined && (span.llm.model !== '' || span.llm.system !== '');
  return (
    <section className="trace-details" data-testid="span-details" aria-labelledby="trace-details-title">
      <div className="trace-details-head">
        <h3 id="trace-details-title">{span.name}</h3>
        <button type="button" onClick={onClose} aria-label="Close span details">
          ×
        </button>
      </div>
      <dl className="trace-fields">
        <dt>Service</dt>
        <dd>
          <span className="trace-swatch" style={{ background: color }} aria-hidden="true" />
          {span.serviceName}
        </dd>
        <dt>Kind</dt>
        <dd>{span.kind.toLowerCase()}</dd>
        <dt>Status</dt>
        <dd className={row.error ? 'trace-status-error' : undefined}>
          {row.error && (
            <span className="trace-error-icon" aria-hidden="true">
              !
            </span>
          )}
          {span.statusCode.toLowerCase()}
          {span.statusMessage !== '' && `: ${span.statusMessage}`}
        </dd>
        <dt>Duration</dt>
        <dd>{formatDuration(row.durationNanos)}</dd>
        <dt>Started</dt>
        <dd>
          {formatInstant(start)} ({formatOffset(Number(start - traceStart))} into the trace)
        </dd>
        <dt>Critical path</dt>
        <dd>{row.critical ? 'on it' : 'off it'}</dd>
        <dt>Span id</dt>
        <dd>
          <code>{span.spanId}</code>
        </dd>
        <dt>Parent</dt>
        <dd>
          {span.parentSpanId === '' ? 'none (a root)' : <code>{span.parentSpanId}</code>}
          {row.orphan && ' (not in this trace: not sent, or not arrived yet)'}
        </dd>
        {span.scopeName !== undefined && span.scopeName !== '' && (
          <>
            <dt>Instrumentation</dt>
            <dd>
              {span.scopeName} {span.scopeVersion}
            </dd>
          </>
        )}
      </dl>
      {isLlm && span.llm !== undefined && <LlmCall usage={span.llm} />}
      <AttributeTable title="Attributes" attributes={span.attributes} />
      <details>
        <summary>Resource attributes ({Object.keys(span.resourceAttributes).length})</summary>
        <AttributeTable title="Resource attributes" attributes={span.resourceAttributes} />
      </details>
      <SpanEvents events={span.events} spanStart={start} />
      <SpanLinks links={span.links} />
    </section>
  );
}
