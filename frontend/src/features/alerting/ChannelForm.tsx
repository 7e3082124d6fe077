import { type FormEvent, useState } from 'react';
import { ErrorState } from '../../app/states';
import { CHANNEL_KINDS, type ChannelKind, type CreatedChannel, useCreateChannel } from './channels';

const TARGET: Record<ChannelKind, { label: string; placeholder: string; type: string }> = {
  webhook: { label: 'URL to POST to', placeholder: 'https://example.com/hooks/tracehound', type: 'url' },
  slack: { label: 'Slack incoming-webhook URL', placeholder: 'https://hooks.slack.com/services/…', type: 'url' },
  email: { label: 'Email address', placeholder: 'oncall@example.com', type: 'email' },
};

const KIND_HELP: Record<ChannelKind, string> = {
  webhook: 'webhook: signed JSON (HMAC header and timestamp)',
  slack: 'slack: an incoming webhook’s message',
  email: 'email: over the service’s SMTP server',
};

/** Adds a channel; a webhook's signing secret comes back once, for the page to show. */
export function ChannelForm({ workspace, onCreated }: { workspace: string; onCreated: (created: CreatedChannel) => void }) {
  const create = useCreateChannel(workspace);
  const [kind, setKind] = useState<ChannelKind>('webhook');
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { kind, name: name.trim(), target: target.trim() },
      {
        onSuccess: (created) => {
          setName('');
          setTarget('');
          onCreated(created);
        },
      },
    );
  };
  return (
    <section className="admin-create" aria-labelledby="channel-create-title">
      <h3 id="channel-create-title">Add a channel</h3>
      <form onSubmit={submit}>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(CHANNEL_KINDS.find((k) => k === e.target.value) ?? 'webhook')}>
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_HELP[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Channel name
          <input required maxLength={200} value={name} placeholder="e.g. on-call" onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {TARGET[kind].label}
          <input required type={TARGET[kind].type} value={target} placeholder={TARGET[kind].placeholder} onChange={(e) => setTarget(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add channel'}
        </button>
      </form>
      {create.isError && <ErrorState error={create.error} />}
    </section>
  );
}
