/**
 * The Server-Sent Events wire format, parsed as text arrives (WHATWG HTML, "event stream
 * interpretation"): lines end in CRLF, LF or CR, even across chunks; `field: value` lines build an
 * event; a blank line dispatches it; a line starting with `:` is a comment (the service's
 * heartbeats).
 */

export interface SseEvent {
  /** The event's own `id:` field, when it has one (the service numbers every event). */
  id: string | undefined;
  /** The `event:` field, `message` when absent. */
  event: string;
  /** The `data:` lines joined by newlines. */
  data: string;
}

export interface SseParser {
  /** Parses a chunk of text and answers the events it completes. */
  push(text: string): SseEvent[];
  /** Comments seen so far (heartbeats). */
  readonly comments: number;
}

export function createSseParser(): SseParser {
  let buffer = '';
  let comments = 0;
  let id: string | undefined;
  let type = '';
  let data: string[] = [];

  function line(text: string, out: SseEvent[]) {
    if (text === '') {
      if (data.length > 0) {
        out.push({ id, event: type === '' ? 'message' : type, data: data.join('\n') });
      }
      id = undefined;
      type = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) {
      comments += 1;
      return;
    }
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'data') {
      data.push(value);
    } else if (field === 'event') {
      type = value;
    } else if (field === 'id' && !value.includes('\0')) {
      id = value;
    }
    // `retry:` and unknown fields are ignored: the reader has its own backoff.
  }

  return {
    get comments() {
      return comments;
    },
    push(text: string): SseEvent[] {
      buffer += text;
      const out: SseEvent[] = [];
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const char = buffer[i];
        if (char !== '\n' && char !== '\r') {
          continue;
        }
        if (char === '\r' && i === buffer.length - 1) {
          break; // a CR at the chunk's end may be the first half of a CRLF: wait for the next chunk
        }
        line(buffer.slice(start, i), out);
        if (char === '\r' && buffer[i + 1] === '\n') {
          i += 1;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
      return out;
    },
  };
}
