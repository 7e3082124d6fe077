import { type FormEvent, useId, useState } from 'react';
import { NavLink } from 'react-router';
import { formatTime } from './format';
import type { Session } from './sessions';

interface Props {
  session: Session;
  to: string;
  busy: boolean;
  onRename: (title: string) => void;
  onDelete: () => void;
}

const STATUS: Record<Session['status'], string> = { idle: '', running: 'running', awaiting_approval: 'waits for approval' };

/** One session in the list: its link, status, and rename and delete. */
export function SessionItem({ session, to, busy, onRename, onDelete }: Props) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(session.title);
  const id = useId();
  function save(event: FormEvent) {
    event.preventDefault();
    if (title.trim() !== '') {
      onRename(title.trim());
      setEditing(false);
    }
  }
  if (editing) {
    return (
      <li className="chat-session editing" data-testid="session-item">
        <form onSubmit={save}>
          <label htmlFor={id} className="visually-hidden">New title of “{session.title}”</label>
          <input id={id} value={title} onChange={(event) => setTitle(event.target.value)} autoFocus maxLength={200} />
          <button type="submit" disabled={title.trim() === ''}>Save</button>
          <button type="button" onClick={() => { setTitle(session.title); setEditing(false); }}>Cancel</button>
        </form>
      </li>
    );
  }
  const status = STATUS[session.status];
  return (
    <li className="chat-session" data-testid="session-item">
      <NavLink to={to} title={`Started ${formatTime(session.createdAt)}`}>
        <span className="chat-session-title">{session.title}</span>
        <span className="quiet">
          {formatTime(session.updatedAt)}
          {status !== '' && <span className="chat-mark running"> {status}</span>}
          {!session.yours && <span className="chat-mark"> {session.owner === 'api-key' ? 'by an API key' : 'by someone else'}</span>}
        </span>
      </NavLink>
      <span className="chat-session-actions">
        <button
          type="button"
          disabled={busy || !session.yours}
          title={session.yours ? undefined : 'Only the person who started a session renames it'}
          onClick={() => setEditing(true)}
          aria-label={`Rename “${session.title}”`}
        >
          Rename
        </button>
        <button type="button" disabled={busy} onClick={onDelete} aria-label={`Delete “${session.title}”`}>Delete</button>
      </span>
    </li>
  );
}
