import { Link } from 'react-router';
import { ErrorState, Loading } from '../../app/states';
import { SessionItem } from './SessionItem';
import { useDeleteSession, useRenameSession, useSessions } from './sessions';

interface Props {
  projectId: string;
  current: string | undefined;
  linkTo: (sessionId: string | undefined) => string;
  onDeleted: (sessionId: string) => void;
}

/**
 * The project's sessions, newest first, a page at a time. The API does not say who started a
 * session, so yours are not told apart; continuing another person's session answers 403.
 */
export function SessionList({ projectId, current, linkTo, onDeleted }: Props) {
  const sessions = useSessions(projectId);
  const rename = useRenameSession(projectId);
  const remove = useDeleteSession(projectId);
  const failure = rename.error ?? remove.error;
  const all = sessions.data?.pages.flatMap((page) => page.sessions) ?? [];
  return (
    <nav className="chat-sessions" aria-label="Sessions">
      <h2>Sessions</h2>
      <Link className="button primary" to={linkTo(undefined)} aria-current={current === undefined ? 'page' : undefined} data-testid="new-session">
        New session
      </Link>
      {sessions.isPending && <Loading what="sessions" />}
      {sessions.isError && <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />}
      {failure !== null && <ErrorState error={failure} />}
      {sessions.isSuccess && all.length === 0 && <p className="quiet">No session yet: ask a question to start one.</p>}
      <ul>
        {all.map((session) => (
          <SessionItem
            key={session.id}
            session={session}
            to={linkTo(session.id)}
            busy={rename.isPending || remove.isPending}
            onRename={(title) => rename.mutate({ id: session.id, title })}
            onDelete={() => {
              if (window.confirm(`Delete the session “${session.title}”? Its messages and tool results are deleted, and a run that goes on is cancelled.`)) {
                remove.mutate(session.id, { onSuccess: () => onDeleted(session.id) });
              }
            }}
          />
        ))}
      </ul>
      {sessions.hasNextPage && (
        <button type="button" onClick={() => void sessions.fetchNextPage()} disabled={sessions.isFetchingNextPage}>
          {sessions.isFetchingNextPage ? 'Loading…' : 'Older sessions'}
        </button>
      )}
    </nav>
  );
}
