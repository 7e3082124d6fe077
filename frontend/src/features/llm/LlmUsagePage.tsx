import { useId } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useProject } from '../../app/Shell';
import { Empty, ErrorState, Loading } from '../../app/states';
import { formatCount, formatUsd } from '../../lib/format';
import { SendTelemetry } from '../../lib/SendTelemetry';
import { describeTimeRange, TimeRangePicker, useTimeWindow } from '../../lib/TimeRange';
import { type Period, type UsageReport, useLlmUsage } from './llm';
import { LlmCallsTable } from './LlmCallsTable';
import { formatLlmQuery, GROUPINGS, groupField, type LlmQuery, parseLlmQuery, TOKEN_MEASURES } from './llmQuery';
import { UsageCharts } from './UsageCharts';
import { UsageTable } from './UsageTable';

/** LLM usage: tokens and cost by model or service over time, totals, and the slowest and costliest calls. */
export default function LlmUsagePage() {
  const project = useProject();
  const { workspace = '', project: projectKey = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const query = parseLlmQuery(params);
  const period = useTimeWindow(query.time);
  const range = { from: period.from, to: period.to };
  const field = groupField(query.by);
  const usage = useLlmUsage(project.id, range, field);
  const apply = (next: LlmQuery) => setParams(formatLlmQuery(next));

  return (
    <section className="llm-page data-page" data-testid="llm-usage">
      <h2>LLM usage</h2>
      <Controls query={query} onChange={apply} onRefresh={period.refresh} />
      {usage.isPending && <Loading what="LLM usage" />}
      {usage.isError && <ErrorState error={usage.error} onRetry={() => void usage.refetch()} />}
      {usage.data !== undefined &&
        ((usage.data.total.calls ?? 0) === 0 ? (
          <NoCalls query={query} />
        ) : (
          <Report
            report={usage.data}
            query={query}
            projectId={project.id}
            period={range}
            field={field}
            workspace={workspace}
            project={projectKey}
          />
        ))}
    </section>
  );
}

function Controls({ query, onChange, onRefresh }: { query: LlmQuery; onChange: (q: LlmQuery) => void; onRefresh: () => void }) {
  const id = useId();
  return (
    <div className="data-controls">
      <TimeRangePicker value={query.time} onChange={(time) => onChange({ ...query, time })} onRefresh={onRefresh} />
      <label htmlFor={`${id}-by`}>Group by</label>
      <select id={`${id}-by`} value={query.by} onChange={(e) => onChange({ ...query, by: GROUPINGS.find(([v]) => v === e.target.value)?.[0] ?? 'model' })}>
        {GROUPINGS.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-tokens`}>Tokens</label>
      <select
        id={`${id}-tokens`}
        value={query.tokens}
        onChange={(e) => onChange({ ...query, tokens: TOKEN_MEASURES.find(([v]) => v === e.target.value)?.[0] ?? 'total' })}
      >
        {TOKEN_MEASURES.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

interface ReportProps {
  report: UsageReport;
  query: LlmQuery;
  projectId: string;
  period: Period;
  field: string;
  workspace: string;
  project: string;
}

function Report({ report, query, projectId, period, field, workspace, project }: ReportProps) {
  const { total } = report;
  const links = { projectId, period, workspace, project };
  return (
    <>
      <p className="llm-summary">
        <strong>{formatCount(total.calls ?? 0)}</strong> calls · <strong>{formatCount(total.inputTokens)}</strong> input tokens (
        {formatCount(total.cachedInputTokens)} cached) · <strong>{formatCount(total.outputTokens)}</strong> output tokens ·{' '}
        <strong>{formatUsd(total.costUsd)}</strong> in {describeTimeRange(query.time)}
      </p>
      <UsageCharts projectId={projectId} period={period} field={field} groupedBy={query.by} tokens={query.tokens} />
      <h3>Totals by {query.by}</h3>
      <UsageTable report={report} groupedBy={query.by} />
      <div className="llm-calls">
        <LlmCallsTable {...links} sort="slowest" title="Slowest calls" />
        <LlmCallsTable {...links} sort="costliest" title="Most expensive calls" />
      </div>
    </>
  );
}

const LLM_SPAN = `{"key": "gen_ai.provider.name",  "value": {"stringValue": "openai"}},
{"key": "gen_ai.request.model",  "value": {"stringValue": "gpt-4o-mini"}},
{"key": "gen_ai.usage.input_tokens",  "value": {"intValue": "1200"}},
{"key": "gen_ai.usage.output_tokens", "value": {"intValue": "300"}}`;

function NoCalls({ query }: { query: LlmQuery }) {
  return (
    <Empty title={`No LLM calls in ${describeTimeRange(query.time)}`}>
      <p>
        Widen the time range, or send traces whose LLM-call spans carry the OpenTelemetry GenAI attributes (OpenLLMetry,
        OpenInference and Sentry names work too): the model, the provider and the token counts. The cost comes from the
        span's <code>gen_ai.usage.cost</code> or from the service's price table.
      </p>
      <SendTelemetry signal="traces">
        <p>A span's attributes, for example:</p>
        <pre>
          <code>{LLM_SPAN}</code>
        </pre>
      </SendTelemetry>
    </Empty>
  );
}
