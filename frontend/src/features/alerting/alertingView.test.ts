import { describe, expect, it } from 'vitest';
import { secretOf } from './actions';
import { type AlertingView, formatAlertingView, onTab, parseAlertingView, silenceSearch } from './alertingView';

const read = (search: string) => parseAlertingView(new URLSearchParams(search));

describe('the alerting page in the URL', () => {
  const views: AlertingView[] = [
    { tab: 'channels', silences: 'active', matchers: [] },
    { tab: 'channels', channel: 'c-1', silences: 'active', matchers: [] },
    { tab: 'silences', silences: 'expired', matchers: [] },
    { tab: 'silences', silences: 'active', matchers: ['service=checkout', 'route=/pay'] },
    { tab: 'actions', silences: 'active', matchers: [] },
  ];

  it.each(views)('reads back what it wrote: %o', (view) => {
    expect(parseAlertingView(formatAlertingView(view))).toEqual(view);
  });

  it('opens the channels tab when the URL says nothing', () => {
    expect(read('')).toEqual({ tab: 'channels', silences: 'active', matchers: [] });
    expect(read('tab=nope')).toEqual({ tab: 'channels', silences: 'active', matchers: [] });
  });

  it('keeps a tab’s choices off the other tabs', () => {
    expect(read('tab=actions&channel=c-1&matcher=a=b')).toEqual({ tab: 'actions', silences: 'active', matchers: [] });
    expect(formatAlertingView({ tab: 'actions', channel: 'c-1', silences: 'expired', matchers: ['a=b'] }).toString()).toBe('tab=actions');
  });

  it('drops the open channel and the matchers when the tab changes', () => {
    expect(onTab({ tab: 'channels', channel: 'c-1', silences: 'all', matchers: [] }, 'silences')).toEqual({
      tab: 'silences',
      silences: 'all',
      matchers: [],
    });
  });

  it('links a new silence on an incident’s labels', () => {
    expect(silenceSearch({ service: 'checkout' })).toBe('?tab=silences&matcher=service%3Dcheckout');
    expect(read('tab=silences&matcher=service%3Dcheckout&matcher=broken').matchers).toEqual(['service=checkout']);
  });
});

describe('a new action’s answer', () => {
  const action = { id: 'a1', name: 'rollback_deploy', description: '', url: 'https://x', tier: 'high' as const, enabled: true };

  it('carries its signing secret once when the service makes one', () => {
    expect(secretOf({ action, secret: 's3cr3t' })).toEqual({ action, secret: 's3cr3t' });
    expect(secretOf(action)).toEqual({ action, secret: undefined });
  });
});
