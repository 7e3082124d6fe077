import { useShell } from '../../app/Shell';
import { canManageMembers } from '../../app/me';
import { ErrorState, Loading } from '../../app/states';
import { InvitationsList } from './InvitationsList';
import { InviteForm } from './InviteForm';
import { MemberRow } from './MemberRow';
import { useChangeRole, useMembers, useRemoveMember } from './members';
import { seatsFull, seatsText } from './seats';

export default function MembersPage() {
  const { me, workspace, workspaceKey } = useShell();
  const members = useMembers(workspaceKey);
  const changeRole = useChangeRole(workspaceKey);
  const remove = useRemoveMember(workspaceKey);
  const canManage = canManageMembers(workspace.role);
  const failure = changeRole.error ?? remove.error;

  if (members.isPending) {
    return <Loading what="members" />;
  }
  if (members.isError) {
    return <ErrorState error={members.error} onRetry={() => void members.refetch()} />;
  }
  const { seats } = members.data;
  return (
    <section>
      <h2>Members</h2>
      <p data-testid="seats">
        Seats used: <strong>{seatsText(seats)}</strong> (owners, admins and members take one; viewers none).
        {!canManage && ' You can see the members; only owners and admins change them.'}
      </p>
      {canManage && seatsFull(seats) && (
        <p className="admin-warning" role="note">
          Every seat is taken: invite as a viewer, or remove someone or lower their role to viewer to free a seat.
        </p>
      )}
      {failure !== null && <ErrorState error={failure} />}
      <table>
        <thead>
          <tr>
            <th>Who</th>
            <th>Role</th>
            <th>Seat</th>
            <th>Since</th>
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.data.members.map((member) => (
            <MemberRow
              key={member.userId}
              member={member}
              isYou={member.userId === me.user?.id}
              canManage={canManage}
              busy={changeRole.isPending || remove.isPending}
              onChangeRole={(role) => changeRole.mutate({ userId: member.userId, role })}
              onRemove={() => remove.mutate(member.userId)}
            />
          ))}
        </tbody>
      </table>
      {canManage && <InvitationsList workspace={workspaceKey} />}
      <InviteForm workspace={workspaceKey} canManage={canManage} />
    </section>
  );
}
