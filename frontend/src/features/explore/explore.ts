import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { SelectionBody, SpanFilterBody, Window } from './spanFilter';
import { isoOf } from './exploreState';

/** One trace of a search (nanosecond times are strings: they exceed JavaScript's integers). */
export interface TraceSummary {
  traceId: string;
  rootName: string | null;
  rootService: string | null;
  startNanos: string;
  durationNanos: string;
  spanCount: number;
  errorCount: number;
  services: string[];
}

export interface TraceSearchAnswer {
  traces: TraceSummary[];
  nextCursor: string | null;
}

export interface HeatmapAnswer {
  bucketWidth: string;
  columns: string[];
  durationBoundsNanos: (number | string)[];
  counts: number[][];
}

export type DimensionSource = 'FIELD' | 'SPAN_ATTRIBUTE' | 'RESOURCE_ATTRIBUTE';
export type ValueKind = 'VALUE' | 'RANGE' | 'MISSING' | 'OTHER';

export interface BubbleUpValue {
  value: string;
  kind: ValueKind;
  selectionCount: number;
  baselineCount: number;
  selectionShare: number;
  baselineShare: number;
  expectedShare: number;
  score: number;
}

export interface BubbleUpDimension {
  source: DimensionSource;
  key: string;
  score: number;
  values: BubbleUpValue[];
}

export interface BubbleUpAnswer {
  selectionSpans: number;
  baselineSpans: number;
  sampled: boolean;
  dimensionsCompared: number;
  dimensions: BubbleUpDimension[];
}

export interface FieldKey {
  scope: 'RECORD' | 'RESOURCE';
  key: string;
  spans: number;
}

export interface FieldValue {
  value: string;
  spans: number;
}

interface Items<T> {
  items: T[];
  truncated?: boolean;
}

interface AggregateAnswer {
  groups: { key: string[] }[];
}

const base = (project: string) => `/api/v1/projects/${encodeURIComponent(project)}`;
const PAGE = 50;

export function useTraceSearch(project: string, filter: SpanFilterBody | undefined, sort: 'time' | 'duration') {
  return useInfiniteQuery({
    queryKey: ['projects', project, 'traces', 'search', filter, sort],
    queryFn: ({ pageParam }) =>
      api.post<TraceSearchAnswer>(`${base(project)}/traces/search`, {
        filter,
        sort,
        limit: PAGE,
        ...(pageParam === null ? {} : { cursor: pageParam }),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: filter !== undefined,
  });
}

export function useHeatmap(project: string, filter: SpanFilterBody) {
  return useQuery({
    queryKey: ['projects', project, 'spans', 'heatmap', filter],
    queryFn: () => api.post<HeatmapAnswer>(`${base(project)}/spans/heatmap`, { filter }),
    placeholderData: keepPreviousData,
  });
}

export function useBubbleUp(project: string, filter: SpanFilterBody, selection: SelectionBody | undefined) {
  return useQuery({
    queryKey: ['projects', project, 'spans', 'bubbleup', filter, selection],
    queryFn: () =>
      api.post<BubbleUpAnswer>(`${base(project)}/spans/bubbleup`, { filter, selection, dimensions: 10, values: 5 }),
    enabled: selection !== undefined,
  });
}

function fieldParams(window: Window, service: string | undefined, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ...extra, from: isoOf(window.from), to: isoOf(window.to) });
  if (service !== undefined) {
    params.set('service', service);
  }
  return params.toString();
}

/** The attribute keys spans carry in the window, most spans first. */
export function useFieldKeys(project: string, window: Window, service: string | undefined) {
  return useQuery({
    queryKey: ['projects', project, 'spans', 'fields', window, service],
    queryFn: () => api.get<Items<FieldKey>>(`${base(project)}/spans/fields?${fieldParams(window, service)}`),
    staleTime: 60_000,
  });
}

/** One key's values in the window, most spans first; nothing asked while the key is blank. */
export function useFieldValues(project: string, key: string, scope: 'record' | 'resource', window: Window, service: string | undefined) {
  return useQuery({
    queryKey: ['projects', project, 'spans', 'fields', 'values', key, scope, window, service],
    queryFn: () =>
      api.get<Items<FieldValue>>(
        `${base(project)}/spans/fields/values?${fieldParams(window, service, { key, scope: scope.toUpperCase() })}`,
      ),
    enabled: key.trim() !== '',
    staleTime: 60_000,
  });
}

/** The services with spans in the window (the resource attribute service.name). */
export function useServices(project: string, window: Window) {
  return useFieldValues(project, 'service.name', 'resource', window, undefined);
}

/** The span names in the window, of one service when given: the 100 most common. */
export function useSpanNames(project: string, window: Window, service: string | undefined) {
  return useQuery({
    queryKey: ['projects', project, 'spans', 'names', window, service],
    queryFn: () =>
      api.post<AggregateAnswer>(`${base(project)}/spans/aggregate`, {
        filter: { from: isoOf(window.from), to: isoOf(window.to), ...(service === undefined ? {} : { service }) },
        groupBy: [{ field: 'name' }],
        limit: 100,
      }),
    select: (answer) => answer.groups.map((g) => g.key[0] ?? '').filter((name) => name !== ''),
    staleTime: 60_000,
  });
}
