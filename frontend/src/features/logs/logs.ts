import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { LogRow } from '../../lib/telemetry';

export type { LogRow };
import { type LogsQuery, searchBody } from './logsQuery';


export interface LogPage {
  logs: LogRow[];
  nextCursor: string | null;
}

/** Identifies a record well enough to show it once (records have no id of their own). */
export function logKey(log: LogRow): string {
  return `${log.timeNanos}|${log.observedTimeNanos}|${log.serviceName}|${log.spanId}|${log.body}`;
}

/** The search's results, newest first, a page at a time through the API's cursor. */
export function useLogSearch(projectId: string, query: LogsQuery, period: { from: string; to: string }, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['projects', projectId, 'logs', 'search', { ...query, live: false, time: { from: period.from, to: period.to } }],
    queryFn: ({ pageParam }) =>
      api.post<LogPage>(`/api/v1/projects/${encodeURIComponent(projectId)}/logs/search`, searchBody(query, period, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled,
  });
}
