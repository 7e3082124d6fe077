/** A trace id as OpenTelemetry writes it: 32 hex digits, not part of a longer word. */
const TRACE_ID = /(?<![0-9A-Za-z])[0-9a-fA-F]{32}(?![0-9A-Za-z])/g;

export const isTraceId = (text: string) => /^[0-9a-fA-F]{32}$/.test(text);

export type Piece = string | { traceId: string };

/** Text cut into plain parts and the trace ids in it, in order. */
export function splitTraceIds(text: string): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  for (const match of text.matchAll(TRACE_ID)) {
    const start = match.index;
    if (start > at) {
      pieces.push(text.slice(at, start));
    }
    pieces.push({ traceId: match[0].toLowerCase() });
    at = start + match[0].length;
  }
  if (at < text.length) {
    pieces.push(text.slice(at));
  }
  return pieces;
}

/** The href a trace link carries inside rendered markdown. */
export const traceHref = (traceId: string) => `?trace=${traceId}`;

export function traceIdOfHref(href: string | undefined): string | undefined {
  const match = /^\?trace=([0-9a-f]{32})$/.exec(href ?? '');
  return match?.[1];
}
