import { ErrorState, Loading } from '../../app/states';
import { useInvitations, useRevokeInvitation } from './members';

/** Invitations not yet accepted, for owners and admins (the service lists them to no one else). */
export function InvitationsList({ workspace }: { workspace: string }) {
  const invitations = useInvitations(workspace, true);
  const revoke = useRevokeInvitation(workspace);
  if (invitations.isPending) {
    return <Loading what="invitations" />;
  }
  if (invitations.isError) {
    return <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />;
  }
  const pending = invitations.data.filter((i) => i.status === 'pending');
  return (
    <section>
      <h3>Pending invitations</h3>
      {revoke.isError && <ErrorState error={revoke.error} />}
      {pending.length === 0 ? (
        <p className="quiet">None: invite someone below; their invitation waits here until they accept it.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>Expires</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pending.map((invitation) => (
              <tr key={invitation.id}>
                <td>{invitation.email}</td>
                <td>{invitation.role}</td>
                <td>{new Date(invitation.expiresAt).toLocaleDateString()}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`Revoke the invitation of ${invitation.email}`}
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate(invitation.id)}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
