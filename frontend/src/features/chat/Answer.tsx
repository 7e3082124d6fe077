import type { AnchorHTMLAttributes } from 'react';
import Markdown from 'react-markdown';
import { remarkTraceLinks } from './remarkTraceLinks';
import { traceIdOfHref } from './traceIds';
import { TraceLink } from './TraceLink';

const plugins = [remarkTraceLinks];
const components = { a: AnswerLink };

/** The agent's text as markdown (raw HTML is never rendered); trace ids open the trace beside it. */
export function Answer({ text, streaming }: { text: string; streaming: boolean }) {
  return (
    <div className="chat-answer" data-testid="chat-answer" aria-busy={streaming} data-streaming={streaming}>
      <Markdown remarkPlugins={plugins} components={components} skipHtml>
        {text}
      </Markdown>
      {streaming && <span className="chat-cursor" aria-hidden="true" />}
    </div>
  );
}

function AnswerLink({ href, children }: AnchorHTMLAttributes<HTMLAnchorElement>) {
  const traceId = traceIdOfHref(href);
  if (traceId !== undefined) {
    return <TraceLink traceId={traceId}>{children}</TraceLink>;
  }
  return (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  );
}
