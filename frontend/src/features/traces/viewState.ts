/**
 * The trace view's state in the URL's search parameters, so a link reproduces it:
 * `span` (the selected span), `critical=1` (critical path only), `collapsed=<ids>` (collapsed
 * spans) or `collapsed=all&expanded=<ids>` (collapse all, then these opened). The view is
 * embedded beside the chat and the explorer, so formatting keeps every other parameter.
 */
import { pathOf } from '../../app/paths';
import type { CollapseState } from './collapse';

export interface TraceViewState {
  span?: string;
  criticalOnly: boolean;
  collapse: CollapseState;
}

export const TRACE_VIEW_KEYS = ['span', 'critical', 'collapsed', 'expanded'] as const;

const ids = (text: string | null): string[] =>
  text === null ? [] : text.split(',').filter((id) => id !== '' && id !== 'all');

export function parseTraceViewState(params: URLSearchParams): TraceViewState {
  const collapsed = params.get('collapsed');
  const all = collapsed === 'all';
  const span = params.get('span');
  return {
    span: span === null || span === '' ? undefined : span,
    criticalOnly: params.get('critical') === '1',
    collapse: { all, toggled: new Set(all ? ids(params.get('expanded')) : ids(collapsed)) },
  };
}

/** `base`'s parameters with the trace view's replaced by `state`'s (defaults left out). */
export function formatTraceViewState(state: TraceViewState, base = new URLSearchParams()): URLSearchParams {
  const params = new URLSearchParams(base);
  TRACE_VIEW_KEYS.forEach((key) => params.delete(key));
  if (state.span !== undefined) {
    params.set('span', state.span);
  }
  if (state.criticalOnly) {
    params.set('critical', '1');
  }
  const toggled = [...state.collapse.toggled].sort().join(',');
  if (state.collapse.all) {
    params.set('collapsed', 'all');
    if (toggled !== '') {
      params.set('expanded', toggled);
    }
  } else if (toggled !== '') {
    params.set('collapsed', toggled);
  }
  return params;
}

/** `params` without the trace view's state: for an embedding page that opens another trace. */
export function clearTraceViewState(params: URLSearchParams): URLSearchParams {
  return formatTraceViewState({ criticalOnly: false, collapse: { all: false, toggled: new Set() } }, params);
}

/** The trace page's path, optionally with a span selected: for links from other pages. */
export function tracePath(workspace: string, project: string, traceId: string, spanId?: string): string {
  const path = `${pathOf({ workspace, project, page: 'traces' })}/${encodeURIComponent(traceId)}`;
  return spanId === undefined ? path : `${path}?span=${encodeURIComponent(spanId)}`;
}
