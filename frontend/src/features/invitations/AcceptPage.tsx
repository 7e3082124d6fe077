import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { pathOf } from '../../app/paths';
import { SignedIn } from '../../app/SignedIn';
import { ErrorState } from '../../app/states';
import { api } from '../../lib/api';
import { tokenOf } from './acceptLink';

interface Joined {
  workspaceId: string;
  role: string;
}

/**
 * `/accept?token=…`: an invited person, signed in with the invited email, joins the workspace.
 * Without a token in the link, the token (or the whole link) can be pasted.
 */
export default function AcceptPage() {
  return <SignedIn>{(me) => <Accept email={me.user?.email} />}</SignedIn>;
}

function Accept({ email }: { email: string | undefined }) {
  const [search] = useSearchParams();
  const [pasted, setPasted] = useState('');
  const queries = useQueryClient();
  const navigate = useNavigate();
  const fromLink = tokenOf(search.get('token') ?? '');
  const token = fromLink !== '' ? fromLink : tokenOf(pasted);
  const accept = useMutation({
    mutationFn: (value: string) => api.post<Joined>('/api/v1/invitations/accept', { token: value }),
    onSuccess: async (joined) => {
      await queries.invalidateQueries({ queryKey: ['me'] });
      navigate(pathOf({ workspace: joined.workspaceId, page: 'home' }), { replace: true });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (token !== '') {
      accept.mutate(token);
    }
  }
  return (
    <main className="login" data-testid="accept-invitation">
      <h1>Join a workspace</h1>
      <p>
        You are signed in as <strong>{email ?? 'someone without an email'}</strong>. An invitation is accepted only with the
        email it was sent to.
      </p>
      <form onSubmit={submit}>
        {fromLink === '' && (
          <label>
            Invitation link or token
            <input value={pasted} onChange={(e) => setPasted(e.target.value)} autoComplete="off" required />
          </label>
        )}
        <button type="submit" className="primary" disabled={token === '' || accept.isPending}>
          {accept.isPending ? 'Joining…' : 'Accept the invitation'}
        </button>
      </form>
      {accept.isError && <ErrorState error={accept.error} />}
      <p className="quiet">
        Not for you? Go to <Link to="/">your workspaces</Link>.
      </p>
    </main>
  );
}
