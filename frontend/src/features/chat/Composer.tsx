import { type FormEvent, type KeyboardEvent, useId } from 'react';

interface Props {
  draft: string;
  onDraft: (text: string) => void;
  onSend: (text: string) => void;
  onCancel: () => void;
  running: boolean;
  busy: boolean;
  cancelling: boolean;
}

/** Where a question is written and sent; Enter sends, Shift+Enter starts a new line. Cancel while a run goes on. */
export function Composer({ draft, onDraft, onSend, onCancel, running, busy, cancelling }: Props) {
  const id = useId();
  const text = draft.trim();
  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (text !== '' && !running && !busy) {
      onSend(text);
    }
  }
  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      submit();
      event.preventDefault();
    }
  }
  return (
    <form className="chat-composer" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        Ask the agent
      </label>
      <textarea
        id={id}
        data-testid="chat-composer"
        value={draft}
        rows={3}
        placeholder="Ask about this project's telemetry, e.g. “Why is checkout slow since this morning?” (Enter sends, Shift+Enter for a new line)"
        onChange={(event) => onDraft(event.target.value)}
        onKeyDown={keyDown}
      />
      <div className="chat-composer-actions">
        {running ? (
          <button type="button" data-testid="chat-cancel" onClick={onCancel} disabled={cancelling}>
            {cancelling ? 'Cancelling…' : 'Cancel the run'}
          </button>
        ) : (
          <button type="submit" className="primary" data-testid="chat-send" disabled={text === '' || busy}>
            Send
          </button>
        )}
      </div>
    </form>
  );
}
