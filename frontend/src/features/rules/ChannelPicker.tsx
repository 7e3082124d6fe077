import type { Channel } from '../alerting/channels';

interface Props {
  chosen: string[];
  onChange: (chosen: string[]) => void;
  /** The workspace's channels; undefined when this role may not list them. */
  channels: Channel[] | undefined;
  error?: string;
}

/** Which channels hear of it; none ticked is every enabled channel of the workspace. */
export function ChannelPicker({ chosen, onChange, channels, error }: Props) {
  const toggle = (id: string, on: boolean) => onChange(on ? [...chosen, id] : chosen.filter((c) => c !== id));
  return (
    <fieldset className="rule-channels">
      <legend>Channels</legend>
      {channels === undefined ? (
        <p className="quiet">
          {chosen.length === 0 ? 'Every enabled channel of the workspace.' : `${chosen.length} channel(s) chosen.`} Only admins and
          owners list the channels.
        </p>
      ) : channels.length === 0 ? (
        <p className="quiet">The workspace has no channels yet: add one on the Alerting page.</p>
      ) : (
        <>
          <p className="quiet">None ticked: every enabled channel of the workspace.</p>
          {channels.map((channel) => (
            <label key={channel.id} className="admin-toggle">
              <input type="checkbox" checked={chosen.includes(channel.id)} onChange={(e) => toggle(channel.id, e.target.checked)} />
              {channel.name} ({channel.kind}){!channel.enabled && ', off'}
            </label>
          ))}
        </>
      )}
      {error !== undefined && <span className="form-error">{error}</span>}
    </fieldset>
  );
}
