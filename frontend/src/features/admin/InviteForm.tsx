import { type FormEvent, useState } from 'react';
import { type Role, ROLES } from '../../app/me';
import { ErrorState } from '../../app/states';
import { acceptLink } from '../invitations/acceptLink';
import { useInvite } from './members';
import { OneTimeSecret } from './OneTimeSecret';

export function InviteForm({ workspace, canManage }: { workspace: string; canManage: boolean }) {
  const invite = useInvite(workspace);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate({ email: email.trim(), role }, { onSuccess: () => setEmail('') });
  }
  const why = canManage ? undefined : 'Only owners and admins invite members';
  return (
    <section className="invite">
      <h3>Invite someone</h3>
      <form onSubmit={submit}>
        <input
          type="email"
          required
          placeholder="name@example.com"
          aria-label="Email to invite"
          value={email}
          disabled={!canManage}
          title={why}
          onChange={(e) => setEmail(e.target.value)}
        />
        <select aria-label="Role to invite as" value={role} disabled={!canManage} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={!canManage || invite.isPending} title={why}>
          {invite.isPending ? 'Inviting…' : 'Invite'}
        </button>
      </form>
      {invite.isError && <ErrorState error={invite.error} />}
      {invite.data !== undefined && (
        <OneTimeSecret
          testId="invitation-token"
          title={`Invitation for ${invite.data.invitation.email} (${invite.data.invitation.role})`}
          secret={acceptLink(window.location.origin, invite.data.token)}
        >
          <p>
            Send them this link. They open it, sign in with {invite.data.invitation.email} and accept (or, with the API,{' '}
            <code>POST /api/v1/invitations/accept</code> with the link's token).
          </p>
        </OneTimeSecret>
      )}
    </section>
  );
}
