/**
 * The alerting page's place in the URL: the tab (`?tab=channels|silences|actions`, channels when
 * absent), the channel whose deliveries are open (`?channel=<id>`), which silences are listed
 * (`?silences=active|expired|all`, active when absent), and matchers to start a new silence with
 * (`?matcher=service=checkout`, repeated), as the incidents page links them. Pure and tested.
 */

export const TABS = ['channels', 'silences', 'actions'] as const;
export type Tab = (typeof TABS)[number];

export const SILENCE_FILTERS = ['active', 'expired', 'all'] as const;
export type SilenceFilter = (typeof SILENCE_FILTERS)[number];

export interface AlertingView {
  tab: Tab;
  channel?: string;
  silences: SilenceFilter;
  /** `label=value` pairs to start the new-silence form with. */
  matchers: string[];
}

const ID = /^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$/;

export function parseAlertingView(params: URLSearchParams): AlertingView {
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'channels';
  const silences = SILENCE_FILTERS.find((s) => s === params.get('silences')) ?? 'active';
  const channel = params.get('channel') ?? '';
  const matchers = tab === 'silences' ? params.getAll('matcher').filter((m) => m.indexOf('=') > 0) : [];
  const view: AlertingView = { tab, silences, matchers };
  if (tab === 'channels' && ID.test(channel)) {
    view.channel = channel;
  }
  return view;
}

/** The view's search params; what only one tab uses is dropped on the others. */
export function formatAlertingView(view: AlertingView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.tab !== 'channels') {
    params.set('tab', view.tab);
  }
  if (view.tab === 'channels' && view.channel !== undefined) {
    params.set('channel', view.channel);
  }
  if (view.tab === 'silences') {
    if (view.silences !== 'active') {
      params.set('silences', view.silences);
    }
    for (const matcher of view.matchers) {
      params.append('matcher', matcher);
    }
  }
  return params;
}

/** Another tab, its own choices reset. */
export function onTab(view: AlertingView, tab: Tab): AlertingView {
  return { tab, silences: view.silences, matchers: [] };
}

/** The search of the silences tab with a new silence started on these labels. */
export function silenceSearch(labels: Record<string, string>): string {
  const matchers = Object.entries(labels).map(([label, value]) => `${label}=${value}`);
  return `?${formatAlertingView({ tab: 'silences', silences: 'active', matchers }).toString()}`;
}
