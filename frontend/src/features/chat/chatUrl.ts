/**
 * The chat page's place in the URL: the session in the path
 * (`/w/{workspace}/p/{project}/chat/{session}`), the trace opened beside the chat in `?trace=`.
 */
import { clearTraceViewState } from '../traces/viewState';
import { pathOf } from '../../app/paths';
import { isTraceId } from './traceIds';

export interface ChatPlace {
  workspace: string;
  project: string;
  session?: string;
  trace?: string;
}

export function formatChatUrl(place: ChatPlace): string {
  const base = pathOf({ workspace: place.workspace, project: place.project, page: 'chat' });
  const path = place.session === undefined ? base : `${base}/${encodeURIComponent(place.session)}`;
  return place.trace === undefined ? path : `${path}?${new URLSearchParams({ trace: place.trace }).toString()}`;
}

/** The place a chat URL names; undefined for a URL that is not the chat page. */
export function parseChatUrl(url: string): ChatPlace | undefined {
  const parsed = new URL(url, 'http://x');
  const parts = parsed.pathname.split('/').filter((part) => part !== '').map(decodeURIComponent);
  const [w, workspace, p, project, page, session] = parts;
  if (w !== 'w' || p !== 'p' || page !== 'chat' || workspace === undefined || project === undefined) {
    return undefined;
  }
  const trace = traceOf(parsed.searchParams);
  return { workspace, project, ...(session === undefined ? {} : { session }), ...(trace === undefined ? {} : { trace }) };
}

/** The trace the search params open beside the chat; a malformed id opens nothing. */
export function traceOf(search: URLSearchParams): string | undefined {
  const trace = search.get('trace') ?? '';
  return isTraceId(trace) ? trace.toLowerCase() : undefined;
}

/** The search params with the trace opened (or closed, for undefined), others kept. */
export function withTrace(search: URLSearchParams, trace: string | undefined): URLSearchParams {
  // Another trace (or none): the span selected and the subtrees collapsed were the old trace's.
  const next = traceOf(search) === trace ? new URLSearchParams(search) : clearTraceViewState(search);
  if (trace === undefined) {
    next.delete('trace');
  } else {
    next.set('trace', trace);
  }
  return next;
}
