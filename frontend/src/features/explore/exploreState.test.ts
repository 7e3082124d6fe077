import { describe, expect, it } from 'vitest';
import { type ExploreState, formatExploreState, parseAttribute, parseExploreState, queryKeyOf, windowOf } from './exploreState';

const everything: ExploreState = {
  range: { from: Date.parse('2026-12-06T14:00:00Z'), to: Date.parse('2026-12-07T14:00:00Z') },
  service: 'checkout',
  spanName: 'shop.PaymentService/Charge',
  status: 'error',
  minMs: 12.5,
  maxMs: 5000,
  attributes: [
    { scope: 'record', key: 'payment.provider', op: 'equals', value: 'stripe_v3' },
    { scope: 'record', key: 'http.route', op: 'not_equals', value: '/health' },
    { scope: 'record', key: 'db.statement', op: 'contains', value: 'a=b ~ c' },
    { scope: 'resource', key: 'service.version', op: 'equals', value: '2.3.1' },
    { scope: 'resource', key: 'k8s.pod.name', op: 'exists', value: '' },
  ],
  sort: 'duration',
  selection: { from: Date.parse('2026-12-07T08:00:00Z'), to: Date.parse('2026-12-07T14:00:00Z'), minMs: 500, maxMs: 2150 },
};

const roundTrip = (state: ExploreState) => parseExploreState(new URLSearchParams(formatExploreState(state).toString()));

describe('the explorer state in the URL', () => {
  it('survives a round trip through the URL with every field set', () => {
    expect(roundTrip(everything)).toEqual(everything);
  });

  it('survives a round trip with nothing but a preset', () => {
    const state: ExploreState = { range: { preset: '24h' }, attributes: [], sort: 'time' };
    expect(roundTrip(state)).toEqual(state);
    expect(formatExploreState(state).toString()).toBe('range=24h');
  });

  it('survives a round trip with a selection open on some sides', () => {
    const state: ExploreState = { range: { preset: '6h' }, attributes: [], sort: 'time', selection: { minMs: 1000 } };
    expect(roundTrip(state)).toEqual(state);
  });

  it('reads a link as people write it, and writes it back the same', () => {
    const link =
      'from=2026-12-06T14:00:00Z&to=2026-12-07T14:00:00Z&service=checkout&attr=payment.provider%3Dstripe_v3' +
      '&rattr=service.version%3D2.3.1&selFrom=2026-12-07T08:00:00Z&selTo=2026-12-07T14:00:00Z&selMin=500&selMax=2150';
    expect(formatExploreState(parseExploreState(new URLSearchParams(link))).toString()).toBe(new URLSearchParams(link).toString());
  });

  it('opens the last hour when the URL says nothing', () => {
    expect(parseExploreState(new URLSearchParams())).toEqual({ range: { preset: '1h' }, attributes: [], sort: 'time' });
  });

  it('ignores what it cannot read instead of failing', () => {
    const state = parseExploreState(new URLSearchParams('range=3y&status=broken&min=-4&max=abc&selFrom=yesterday&attr=&sort=x'));
    expect(state).toEqual({ range: { preset: '1h' }, attributes: [], sort: 'time' });
  });

  it('takes an absolute range only when it ends after it starts', () => {
    const backwards = parseExploreState(new URLSearchParams('from=2026-12-07T14:00:00Z&to=2026-12-07T13:00:00Z&range=6h'));
    expect(backwards.range).toEqual({ preset: '6h' });
  });

  it('reads a time without a zone as UTC', () => {
    const state = parseExploreState(new URLSearchParams('from=2026-12-07T08:00&to=2026-12-07T09:00'));
    expect(state.range).toEqual({ from: Date.parse('2026-12-07T08:00:00Z'), to: Date.parse('2026-12-07T09:00:00Z') });
  });

  it('keys the query without the selection or the sort, so brushing does not re-read the heatmap', () => {
    const unselected: ExploreState = { ...everything, sort: 'time' };
    delete unselected.selection;
    expect(queryKeyOf(unselected)).toBe(queryKeyOf(everything));
    expect(queryKeyOf(everything)).not.toContain('sel');
    expect(queryKeyOf(everything)).not.toContain('sort');
  });
});

describe('attribute filters as text', () => {
  it('reads the four operators', () => {
    expect(parseAttribute('a.b=c', 'record')).toEqual({ scope: 'record', key: 'a.b', op: 'equals', value: 'c' });
    expect(parseAttribute('a.b!=c', 'record')).toEqual({ scope: 'record', key: 'a.b', op: 'not_equals', value: 'c' });
    expect(parseAttribute('a.b~c', 'resource')).toEqual({ scope: 'resource', key: 'a.b', op: 'contains', value: 'c' });
    expect(parseAttribute('a.b', 'record')).toEqual({ scope: 'record', key: 'a.b', op: 'exists', value: '' });
  });

  it('keeps the rest of the text as the value, signs included', () => {
    expect(parseAttribute('q=x=y!=z', 'record')?.value).toBe('x=y!=z');
    expect(parseAttribute('empty=', 'record')).toEqual({ scope: 'record', key: 'empty', op: 'equals', value: '' });
  });

  it('drops a condition without a key', () => {
    expect(parseAttribute('=x', 'record')).toBeUndefined();
    expect(parseAttribute('  ', 'record')).toBeUndefined();
  });
});

describe('the window a range reads', () => {
  it('ends a preset now, to the second', () => {
    const now = Date.parse('2026-12-07T14:00:00.750Z');
    expect(windowOf({ preset: '15m' }, now)).toEqual({ from: Date.parse('2026-12-07T13:45:00Z'), to: Date.parse('2026-12-07T14:00:00Z') });
    expect(windowOf({ preset: '7d' }, now).from).toBe(Date.parse('2026-11-30T14:00:00Z'));
  });

  it('reads an absolute range as it is', () => {
    expect(windowOf({ from: 1, to: 2 }, 99)).toEqual({ from: 1, to: 2 });
  });
});
