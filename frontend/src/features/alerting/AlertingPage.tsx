import { Link, useSearchParams } from 'react-router';
import { useShell } from '../../app/Shell';
import { ActionsTab } from './ActionsTab';
import { type AlertingView, formatAlertingView, onTab, parseAlertingView, type Tab, TABS } from './alertingView';
import { ChannelsTab } from './ChannelsTab';
import { SilencesTab } from './SilencesTab';

const TAB_LABEL: Record<Tab, string> = { channels: 'Channels', silences: 'Silences', actions: 'Actions' };

/**
 * The workspace's alerting: notification channels, silences and the catalogue of actions the
 * agent may propose, one tab each; the tab and its choices are in the URL.
 */
export default function AlertingPage() {
  const { workspace } = useShell();
  const [params, setParams] = useSearchParams();
  const view = parseAlertingView(params);
  const show = (next: AlertingView) => setParams(formatAlertingView(next));
  return (
    <section className="alerting" data-testid="alerting-page" data-tab={view.tab}>
      <h2>Alerting</h2>
      <p className="quiet">
        Where incidents are sent, what is silenced, and which actions the agent may propose: for every project of the
        workspace. Your role: {workspace.role}.
      </p>
      <nav className="alerting-tabs" aria-label="Alerting sections">
        {TABS.map((tab) => (
          <Link
            key={tab}
            to={`?${formatAlertingView(onTab(view, tab)).toString()}`}
            aria-current={view.tab === tab ? 'page' : undefined}
            className={view.tab === tab ? 'active' : undefined}
          >
            {TAB_LABEL[tab]}
          </Link>
        ))}
      </nav>
      {view.tab === 'channels' && <ChannelsTab view={view} />}
      {view.tab === 'silences' && <SilencesTab view={view} show={show} />}
      {view.tab === 'actions' && <ActionsTab />}
    </section>
  );
}
