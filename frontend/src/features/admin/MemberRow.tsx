import { type Role, ROLES } from '../../app/me';
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
        <button type="button" disabled={!canManage || busy} title={why} onClick={onRemove}>
          Remove
        </button>
      </td>
    </tr>
  );
}
