import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { pathOf } from '../../app/paths';
import { Empty, ErrorState, Loading } from '../../app/states';
import { ApiError } from '../../lib/api';
import { COLLAPSED, EXPANDED, reveal, toggle, visibleRows } from './collapse';
import { serviceColor, serviceColors } from './colors';
import { flattenTrace } from './flatten';
import { layoutTrace, type TraceLayout } from './layout';
import { SpanDetails } from './SpanDetails';
import { TraceLogs } from './TraceLogs';
import { TraceSummary } from './TraceSummary';
import { TraceToolbar } from './TraceToolbar';
import { TRACE_DATA_MARK, TRACE_DRAW_MEASURE, TRACE_DRAWN_MARK, useTrace } from './traces';
import type { SpanRow, TraceDetail } from './types';
import { formatTraceViewState, parseTraceViewState, tracePath, type TraceViewState } from './viewState';
import { Waterfall } from './Waterfall';

export interface TraceViewProps {
  /** The project's id (the query API wants the id, not the slug). */
  projectId: string;
  traceId: string;
}

/**
 * One trace: the waterfall with its critical path, the selected span's details and the trace's
 * logs. Its state (selected span, collapsed spans, critical path only) lives in the URL's search
 * parameters next to the embedding page's own, so the chat and the explorer can show it beside
 * themselves and a link still reproduces what was on screen.
 */
export function TraceView({ projectId, traceId }: TraceViewProps) {
  const trace = useTrace(projectId, traceId);
  if (trace.isPending) {
    return <Loading what={`trace ${traceId}`} />;
  }
  if (trace.isError) {
    return <TraceError error={trace.error} traceId={traceId} onRetry={() => void trace.refetch()} />;
  }
  return <LoadedTrace detail={trace.data} projectId={projectId} />;
}

function TraceError({ error, traceId, onRetry }: { error: unknown; traceId: string; onRetry: () => void }) {
  const { workspace, project } = useParams();
  if (!(error instanceof ApiError) || error.status !== 404) {
    return <ErrorState error={error} onRetry={onRetry} />;
  }
  return (
    <Empty title={`No trace ${traceId} in this project`}>
      <p>
        It may be older than the project keeps data (past its retention), belong to another project (pick it above), or
        be so new that its spans have not arrived yet.
      </p>
      <p>
        <button type="button" onClick={onRetry}>
          Look again
        </button>{' '}
        {workspace !== undefined && project !== undefined && (
          <Link to={pathOf({ workspace, project, page: 'explore' })}>
            Search traces in the explorer
          </Link>
        )}
      </p>
    </Empty>
  );
}

function LoadedTrace({ detail, projectId }: { detail: TraceDetail; projectId: string }) {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseTraceViewState(params), [params]);
  const layout: TraceLayout<SpanRow> = useMemo(() => {
    const flat = flattenTrace(detail);
    return layoutTrace(flat.spans, { critical: flat.critical });
  }, [detail]);
  const colors = useMemo(() => serviceColors(detail.services), [detail.services]);
  const visible = useMemo(
    () => visibleRows(layout, state.collapse, state.criticalOnly),
    [layout, state.collapse, state.criticalOnly],
  );
  const selected = state.span === undefined ? undefined : layout.rowOf(state.span);

  const update = useCallback(
    (change: (current: TraceViewState) => Partial<TraceViewState>, push = false) =>
      setParams(
        (previous) => {
          const current = parseTraceViewState(previous);
          return formatTraceViewState({ ...current, ...change(current) }, previous);
        },
        { replace: !push },
      ),
    [setParams],
  );
  const select = useCallback((row: number | undefined) => {
    const span = row === undefined ? undefined : layout.rows[row]?.span.spanId;
    update(() => ({ span }), true);
  }, [layout, update]);
  /** From a log: show the span even if it is hidden in a collapsed subtree or off the path. */
  const selectAndReveal = useCallback((spanId: string) => {
    const row = layout.rowOf(spanId);
    if (row === undefined) {
      return;
    }
    update(
      (current) => ({
        span: spanId,
        collapse: reveal(layout, current.collapse, row),
        criticalOnly: current.criticalOnly && layout.rows[row]?.critical === true,
      }),
      true,
    );
  }, [layout, update]);
  const onToggle = useCallback((spanId: string) => update((current) => ({ collapse: toggle(current.collapse, spanId) })), [update]);

  useDrawnMark(detail, visible.length > 0);

  const { workspace, project, trace } = useParams();
  // Beside the chat or the explorer: a link to the trace's own page.
  const fullPage =
    trace !== detail.traceId && workspace !== undefined && project !== undefined
      ? tracePath(workspace, project, detail.traceId, state.span)
      : undefined;
  const span = selected === undefined ? undefined : layout.rows[selected];
  if (layout.rows.length === 0) {
    return (
      <Empty title={`Trace ${detail.traceId} has no spans`}>
        <p>Its spans may still be arriving: reload in a few seconds.</p>
      </Empty>
    );
  }
  return (
    <div className="trace-view">
      <TraceSummary detail={detail} fullPage={fullPage} />
      <TraceToolbar
        colors={colors}
        criticalOnly={state.criticalOnly}
        onCriticalOnly={(criticalOnly) => update(() => ({ criticalOnly }))}
        onCollapseAll={() => update(() => ({ collapse: COLLAPSED }))}
        onExpandAll={() => update(() => ({ collapse: EXPANDED }))}
      />
      <div className="trace-body">
        <Waterfall
          layout={layout}
          colors={colors}
          visible={visible}
          selected={selected}
          collapse={state.collapse}
          onSelect={select}
          onToggle={onToggle}
        />
        <div className="trace-side">
          {span === undefined ? (
            <p className="trace-hint quiet">
              {state.span === undefined
                ? 'Select a span to see its attributes, events, links and LLM usage.'
                : `Span ${state.span} is not in this trace.`}
            </p>
          ) : (
            <SpanDetails
              row={span}
              color={colors.get(span.span.serviceName) ?? serviceColor(span.span.serviceName)}
              traceStart={layout.startNanos} onClose={() => select(undefined)} />
          )}
          <TraceLogs
            projectId={projectId}
            traceId={detail.traceId}
            layout={layout}
            selectedSpan={state.span}
            onSelectSpan={selectAndReveal}
          />
        </div>
      </div>
    </div>
  );
}

/**
 * The benchmark's marks: {@link TRACE_DATA_MARK} when the answer arrived (in the query), then
 * {@link TRACE_DRAWN_MARK} once the first rows of that answer are painted (the frame after the
 * commit), and the measure between them.
 */
function useDrawnMark(detail: TraceDetail, drawn: boolean) {
  const marked = useRef<TraceDetail>(undefined);
  useEffect(() => {
    if (!drawn || marked.current === detail) {
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        marked.current = detail;
        performance.mark(TRACE_DRAWN_MARK, { detail: { traceId: detail.traceId, spans: detail.spanCount } });
        if (performance.getEntriesByName(TRACE_DATA_MARK, 'mark').length > 0) {
          performance.measure(TRACE_DRAW_MEASURE, TRACE_DATA_MARK, TRACE_DRAWN_MARK);
        }
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [detail, drawn]);
}
