import { LinkedText } from '../TraceLink';

/** A result with no drawing of its own: pretty JSON, or its text when it is not JSON. */
export function JsonView({ value, text }: { value?: unknown; text?: string }) {
  const shown = text ?? JSON.stringify(value, null, 2);
  return (
    <pre className="chat-json">
      <LinkedText text={shown} />
    </pre>
  );
}
