import { SEVERITIES } from '../incidents/incidents';
import type { Channel } from '../alerting/channels';
import { ChannelPicker } from './ChannelPicker';
import { FormField } from './FormField';
import type { FieldsProps } from './QueryFields';

interface Props extends FieldsProps {
  /** The workspace's channels; undefined when this role may not list them. */
  channels: Channel[] | undefined;
}

/** Who hears of it and how: severity, labels, channels, whether the agent investigates, on or off. */
export function DeliveryFields({ draft, errors, change, disabled, channels }: Props) {
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
      <ChannelPicker chosen={draft.channelIds} onChange={(channelIds) => change({ channelIds })} channels={channels} error={errors.channelIds} />
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
