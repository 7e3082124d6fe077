import { type Role, ROLES } from '../../app/me';
import { ConfirmButton } from './ConfirmButton';
import type { Member } from './members';

interface Props {
  member: Member;
  isYou: boolean;
  canManage: boolean;
  busy: boolean;
  onChangeRole: (role: Role) => void;
  onRemove: () => void;
}

export function MemberRow({ member, isYou, canManage, busy, onChangeRole, onRemove }: Props) {
  const why = canManage ? undefined : 'Only owners and admins manage members';
  return (
    <tr>
      <td>
        {member.name ?? member.email}
        {isYou && <span className="quiet"> (you)</span>}
        {member.name !== null && <div className="quiet">{member.email}</div>}
      </td>
      <td>
        <select
          aria-label={`Role of ${member.email}`}
          value={member.role}
          disabled={!canManage || busy}
          title={why}
          onChange={(e) => onChangeRole(e.target.value as Role)}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </td>
      <td>{member.takesSeat ? 'yes' : 'no'}</td>
      <td>{new Date(member.since).toLocaleDateString()}</td>
      <td>
        <ConfirmButton
          label="Remove"
          name={`Remove ${member.email}`}
          question={`${member.email} loses access at once; their keys keep working until revoked.`}
          confirmLabel="Remove member"
          disabled={!canManage || busy}
          why={why}
          onConfirm={onRemove}
        />
      </td>
    </tr>
  );
}
