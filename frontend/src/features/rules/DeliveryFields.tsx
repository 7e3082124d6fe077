import { SEVERITIES } from '../incidents/incidents';
import type { Channel } from '../alerting/channels';
import { FormField } from './FormField';
import type { FieldsProps } from './QueryFields';

interface Props extends FieldsProps {
  /** The workspace's channels; undefined when this role may not list them. */
  channels: Channel[] | undefined;
}

/** Who hears of it and how: severity, labels, channels, whether the agent investigates, on or off. */
export function DeliveryFields({ draft, errors, change, disabled, channels }: Props) {
  const toggle = (id: string, on: boolean) =>
    change({ channelIds: on ? [...draft.channelIds, id] : draft.channelIds.filter((c) => c !== id) });
  return (
    <fieldset className="rule-fieldset" disabled={disabled}>
      <legend>What happens</legend>
      <FormField label="Severity" error={errors.severity}>
        <select value={draft.severity} onChange={(e) => change({ severity: SEVERITIES.find((s) => s === e.target.value) ?? 'medium' })}>
          {SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {severity}
            </option>
          ))}
        </select>
      </FormField>
      <FormField label="Labels" error={errors.labels} hint="key=value, one per line: group incidents, match silences" className="form-field-wide">
        <textarea rows={2} value={draft.labels} placeholder="team=payments" onChange={(e) => change({ labels: e.target.value })} />
      </FormField>
      <fieldset className="rule-channels">
        <legend>Channels</legend>
        {channels === undefined ? (
          <p className="quiet">
            {draft.channelIds.length === 0 ? 'Every enabled channel of the workspace.' : `${draft.channelIds.length} channel(s) chosen.`} Only
            admins and owners list the channels.
          </p>
        ) : channels.length === 0 ? (
          <p className="quiet">The workspace has no channels yet: add one on the Alerting page.</p>
        ) : (
          <>
            <p className="quiet">None ticked: every enabled channel of the workspace.</p>
            {channels.map((channel) => (
              <label key={channel.id} className="admin-toggle">
                <input type="checkbox" checked={draft.channelIds.includes(channel.id)} onChange={(e) => toggle(channel.id, e.target.checked)} />
                {channel.name} ({channel.kind}){!channel.enabled && ', off'}
              </label>
            ))}
          </>
        )}
        {errors.channelIds !== undefined && <span className="form-error">{errors.channelIds}</span>}
      </fieldset>
      <label className="admin-toggle">
        <input type="checkbox" checked={draft.investigate} onChange={(e) => change({ investigate: e.target.checked })} />
        The agent investigates when it fires
      </label>
      <label className="admin-toggle">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
        Enabled
      </label>
    </fieldset>
  );
}
