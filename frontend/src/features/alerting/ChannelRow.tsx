import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ConfirmButton } from '../admin/ConfirmButton';
import type { Channel } from './channels';

interface Props {
  channel: Channel;
  /** The link that opens (or closes) its deliveries. */
  deliveriesHref: string;
  open: boolean;
  busy: boolean;
  tested: boolean;
  onTest: () => void;
  onEnable: (enabled: boolean) => void;
  onDelete: () => void;
}

export function ChannelRow({ channel, deliveriesHref, open, busy, tested, onTest, onEnable, onDelete }: Props) {
  const failing = channel.failingSince !== null;
  return (
    <tr data-testid="channel-row" data-channel={channel.name} data-failing={failing} className={failing ? 'channel-failing' : undefined}>
      <td>
        {channel.name}
        {failing && (
          <div className="channel-failing-note" data-testid="channel-failing">
            failing since {new Date(channel.failingSince ?? '').toLocaleString()}
          </div>
        )}
      </td>
      <td>{channel.kind}</td>
      <td className="channel-target">{channel.target}</td>
      <td>{channel.enabled ? 'on' : <span className="quiet">off</span>}</td>
      <td>
        <div className="admin-actions">
          <button type="button" disabled={busy || !channel.enabled} onClick={onTest}>
            {tested ? 'Test queued' : 'Send test'}
            <Hidden> through {channel.name}</Hidden>
          </button>
          <Link to={deliveriesHref}>
            {open ? 'Hide deliveries' : 'Deliveries'}
            <Hidden> of {channel.name}</Hidden>
          </Link>
          <button type="button" disabled={busy} onClick={() => onEnable(!channel.enabled)}>
            {channel.enabled ? 'Switch off' : 'Switch on'}
            <Hidden> {channel.name}</Hidden>
          </button>
          <ConfirmButton
            label="Delete"
            name={`Delete channel ${channel.name}`}
            question="It is removed with the messages it has not delivered."
            confirmLabel="Delete channel"
            disabled={busy}
            onConfirm={onDelete}
          />
        </div>
      </td>
    </tr>
  );
}

/** Words for screen readers only: which channel a row's button acts on. */
function Hidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}
