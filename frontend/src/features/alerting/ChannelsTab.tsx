import { useState } from 'react';
import { useShell } from '../../app/Shell';
import { Empty, ErrorState, Loading } from '../../app/states';
import { OneTimeSecret } from '../admin/OneTimeSecret';
import { canManageIntegrations, WHY_NOT_ALERTS } from './access';
import { type AlertingView, formatAlertingView } from './alertingView';
import { ChannelForm } from './ChannelForm';
import { ChannelRow } from './ChannelRow';
import { type CreatedChannel, useChannels, useDeleteChannel, useTestChannel, useUpdateChannel } from './channels';
import { Deliveries } from './Deliveries';

/** The workspace's notification channels: admins add, test, switch and delete them; others read why not. */
export function ChannelsTab({ view }: { view: AlertingView }) {
  const { workspace } = useShell();
  if (!canManageIntegrations(workspace.role)) {
    return (
      <Empty title="Admins manage notification channels">
        <p>
          {WHY_NOT_ALERTS.integrations} Incidents notify every enabled channel unless a rule names its own; ask an admin to
          add one for your team.
        </p>
      </Empty>
    );
  }
  return <Channels view={view} />;
}

function Channels({ view }: { view: AlertingView }) {
  const { workspaceKey } = useShell();
  const channels = useChannels(workspaceKey, true);
  const update = useUpdateChannel(workspaceKey);
  const remove = useDeleteChannel(workspaceKey);
  const test = useTestChannel(workspaceKey);
  const [created, setCreated] = useState<CreatedChannel>();
  const [tested, setTested] = useState<ReadonlySet<string>>(new Set());
  const busy = update.isPending || remove.isPending;
  const failure = update.error ?? remove.error ?? test.error;
  const open = channels.data?.find((c) => c.id === view.channel);
  const href = (id: string | undefined) => `?${formatAlertingView({ ...view, channel: id }).toString()}`;
  return (
    <div data-testid="channels-tab">
      <ChannelForm workspace={workspaceKey} onCreated={setCreated} />
      {created !== undefined && created.secret !== null && (
        <OneTimeSecret
          testId="channel-secret"
          title={`Webhook “${created.channel.name}” added: its signing secret`}
          secret={created.secret}
          onDone={() => setCreated(undefined)}
        >
          <p>
            Each call carries <code>Tracehound-Signature: t=…,v1=…</code>, an HMAC-SHA256 of the timestamp and the body with
            this secret; check it in your receiver (docs/incidents.md).
          </p>
        </OneTimeSecret>
      )}
      <section aria-labelledby="channels-title">
        <h3 id="channels-title">Channels</h3>
        {channels.isPending && <Loading what="the channels" />}
        {channels.isError && <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />}
        {failure !== null && <ErrorState error={failure} />}
        {channels.data !== undefined && channels.data.length === 0 && (
          <Empty title="No channels yet">
            <p>Add a webhook, a Slack incoming webhook or an email address above: incidents and approval requests go there.</p>
          </Empty>
        )}
        {channels.data !== undefined && channels.data.length > 0 && (
          <table data-testid="channel-list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Target</th>
                <th scope="col">On</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {channels.data.map((channel) => (
                <ChannelRow
                  key={channel.id}
                  channel={channel}
                  open={channel.id === view.channel}
                  deliveriesHref={href(channel.id === view.channel ? undefined : channel.id)}
                  busy={busy}
                  tested={tested.has(channel.id)}
                  onTest={() => test.mutate(channel.id, { onSuccess: () => setTested((s) => new Set(s).add(channel.id)) })}
                  onEnable={(enabled) => update.mutate({ id: channel.id, change: { enabled } })}
                  onDelete={() => remove.mutate(channel.id)}
                />
              ))}
            </tbody>
          </table>
        )}
        {open !== undefined && <Deliveries workspace={workspaceKey} channel={open.id} name={open.name} />}
      </section>
    </div>
  );
}
