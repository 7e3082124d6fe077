import { useMemo } from 'react';
import { isCut, parseJson, resultView } from './cards/results';
import { ResultView } from './cards/ResultView';
import { TraceLink } from './TraceLink';
import { useStoredOutput } from './sessions';
import type { ToolCallState } from './transcript';

/** An open card: the call's input, its result (whole, when the stream carried only its start) and references. */
export function ToolResult({ call, projectId, sessionId }: { call: ToolCallState; projectId: string; sessionId: string }) {
  const cut = call.content !== undefined && isCut(call.content);
  const stored = useStoredOutput(projectId, sessionId, call.callId, cut);
  const content = stored.data ?? call.content;
  const view = useMemo(() => (content === undefined ? undefined : resultView(call.tool, call.arguments, content)), [call.tool, call.arguments, content]);
  const args = parseJson(call.arguments);
  const traces = call.references.filter((reference) => reference.kind === 'trace');
  return (
    <div className="chat-tool-body">
      <h3>Input</h3>
      <pre className="chat-json">{args === undefined ? call.arguments : JSON.stringify(args, null, 2)}</pre>
      <h3>Result</h3>
      {cut && stored.isPending && <p className="quiet" role="status">Loading the whole result (the stream carries its first 4,000 characters)…</p>}
      {cut && stored.isError && <p className="quiet">The whole result could not be loaded; this is its start.</p>}
      {view === undefined ? (
        <p className="quiet">{call.status === 'running' ? 'Running…' : 'No result.'}</p>
      ) : (
        <>
          {view.partial === true && <p className="quiet">The result was cut; this is its whole part.</p>}
          <ResultView view={view} />
        </>
      )}
      {traces.length > 0 && (
        <>
          <h3>Traces</h3>
          <ul className="chat-references">
            {traces.map((reference, index) => (
              <li key={index}>
                <TraceLink traceId={reference.id} /> {reference.label}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
