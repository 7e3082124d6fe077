import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { LogPage, TraceDetail } from './types';

/** The trace view's benchmark marks: the trace's answer arrived, and its first rows are drawn. */
export const TRACE_DATA_MARK = 'trace-data';
export const TRACE_DRAWN_MARK = 'trace-drawn';
export const TRACE_DRAW_MEASURE = 'trace-draw';

/** The most log records one answer holds (the API's cap). */
export const TRACE_LOG_LIMIT = 1000;

const base = (projectId: string, traceId: string) =>
  `/api/v1/projects/${encodeURIComponent(projectId)}/traces/${encodeURIComponent(traceId)}`;

export function useTrace(projectId: string, traceId: string) {
  return useQuery({
    queryKey: ['projects', projectId, 'traces', traceId],
    queryFn: async () => {
      const detail = await api.get<TraceDetail>(base(projectId, traceId));
      performance.mark(TRACE_DATA_MARK, { detail: { traceId } });
      return detail;
    },
    // A trace is written once; its late spans arrive within seconds, so a minute is fresh enough.
    staleTime: 60_000,
  });
}

/** The trace's logs, newest first, at most {@link TRACE_LOG_LIMIT}. */
export function useTraceLogs(projectId: string, traceId: string) {
  return useQuery({
    queryKey: ['projects', projectId, 'traces', traceId, 'logs'],
    queryFn: () => api.get<LogPage>(`${base(projectId, traceId)}/logs?limit=${TRACE_LOG_LIMIT}`),
    staleTime: 60_000,
  });
}
