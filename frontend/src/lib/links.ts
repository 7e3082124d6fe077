import { pathOf } from '../app/paths';

/** The trace view of a trace, opened at one of its spans when one is given. */
export function traceHref(workspace: string, project: string, traceId: string, spanId?: string): string {
  const path = `${pathOf({ workspace, project, page: 'traces' })}/${encodeURIComponent(traceId)}`;
  return spanId === undefined || spanId === '' ? path : `${path}?span=${encodeURIComponent(spanId)}`;
}

/** OTLP sends an absent trace id as empty (or all zeros once hex-encoded). */
export function hasTraceId(traceId: string | null | undefined): traceId is string {
  return traceId !== undefined && traceId !== null && traceId !== '' && !/^0+$/.test(traceId);
}
