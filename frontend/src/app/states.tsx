import type { ReactNode } from 'react';
import { ApiError } from '../lib/api';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state" role="status">
      Loading {what}…
    </p>
  );
}

/** An error says what happened and what to do; a retry button when retrying can help. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const problem = error instanceof ApiError ? error.problem : undefined;
  const advice =
    problem === undefined || problem.status === 0 || problem.status >= 500
      ? 'The service may be restarting: retry in a moment.'
      : problem.status === 403
        ? 'Your role does not allow this; ask a workspace owner or admin.'
        : problem.status === 404
          ? 'It does not exist, or you cannot see it: pick another workspace or project above.'
          : undefined;
  return (
    <div className="state error" role="alert">
      <strong>{problem?.title ?? 'Something went wrong'}</strong>
      <p>{error instanceof Error ? error.message : String(error)}</p>
      {problem?.hint !== undefined && <p>Hint: {problem.hint}</p>}
      {advice !== undefined && <p>{advice}</p>}
      {onRetry !== undefined && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="state empty">
      <strong>{title}</strong>
      {children}
    </div>
  );
}
