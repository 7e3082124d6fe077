import { LinkedText } from '../TraceLink';

/** A sandbox command's output as a terminal shows it. */
export function Terminal({ command, output, stderr, status }: { command: string; output: string; stderr: string; status: string }) {
  return (
    <div className="chat-terminal">
      <pre aria-label="command output">
        {command !== '' && <span className="chat-prompt">$ {command}{'\n'}</span>}
        <LinkedText text={output} />
        {stderr !== '' && <span className="chat-stderr"><LinkedText text={stderr} /></span>}
      </pre>
      {status !== '' && <p className="quiet">{status}</p>}
    </div>
  );
}
