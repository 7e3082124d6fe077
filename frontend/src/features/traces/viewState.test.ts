import { describe, expect, it } from 'vitest';
import { COLLAPSED, EXPANDED, toggle } from './collapse';
import { clearTraceViewState, formatTraceViewState, parseTraceViewState, tracePath, type TraceViewState } from './viewState';

const roundTrip = (state: TraceViewState) => parseTraceViewState(formatTraceViewState(state));

describe('the trace view’s URL state', () => {
  const states: [string, TraceViewState][] = [
    ['nothing chosen', { criticalOnly: false, collapse: EXPANDED }],
    ['a selected span', { span: '4b3e01af893b5d52', criticalOnly: false, collapse: EXPANDED }],
    ['critical path only', { span: 'baa345ff4d0581be', criticalOnly: true, collapse: EXPANDED }],
    ['two collapsed spans', { criticalOnly: false, collapse: toggle(toggle(EXPANDED, 'b'), 'a') }],
    ['all collapsed', { criticalOnly: false, collapse: COLLAPSED }],
    ['all collapsed, one opened again', { span: 'a', criticalOnly: true, collapse: toggle(COLLAPSED, 'root') }],
  ];

  it.each(states)('reads back what it wrote: %s', (_, state) => {
    expect(roundTrip(state)).toEqual(state);
  });

  it('writes the selected span as ?span=, so a link reproduces it', () => {
    const state = { span: '4b3e01af893b5d52', criticalOnly: false, collapse: EXPANDED };
    expect(formatTraceViewState(state).toString()).toBe('span=4b3e01af893b5d52');
    expect(parseTraceViewState(new URLSearchParams('?span=4b3e01af893b5d52')).span).toBe('4b3e01af893b5d52');
  });

  it('leaves defaults out of the URL', () => {
    expect(formatTraceViewState({ criticalOnly: false, collapse: EXPANDED }).toString()).toBe('');
  });

  it('writes collapse state compactly, in a stable order', () => {
    const state = { criticalOnly: true, collapse: toggle(toggle(COLLAPSED, 'b'), 'a') };
    expect(formatTraceViewState(state).toString()).toBe('critical=1&collapsed=all&expanded=a%2Cb');
  });

  it('keeps the parameters of the page it is embedded in', () => {
    const base = new URLSearchParams('trace=abc&from=2026-01-01T00%3A00%3A00Z&span=old');
    const written = formatTraceViewState({ span: 'new', criticalOnly: false, collapse: EXPANDED }, base);
    expect(written.get('trace')).toBe('abc');
    expect(written.get('from')).toBe('2026-01-01T00:00:00Z');
    expect(written.getAll('span')).toEqual(['new']);
  });

  it('forgets the view’s state, and only it, when the embedding page opens another trace', () => {
    const params = new URLSearchParams('trace=abc&span=s1&critical=1&collapsed=all&expanded=r');
    expect(clearTraceViewState(params).toString()).toBe('trace=abc');
  });

  it('reads a hand-edited URL without failing', () => {
    expect(parseTraceViewState(new URLSearchParams('span=&critical=yes&collapsed=,a,,'))).toEqual({
      span: undefined,
      criticalOnly: false,
      collapse: { all: false, toggled: new Set(['a']) },
    });
  });
});

describe('the trace page’s path', () => {
  it('names the trace, and the span when given', () => {
    expect(tracePath('acme', 'shop', 'f3783dc1a217a5f38852cf5ff911a60c')).toBe(
      '/w/acme/p/shop/traces/f3783dc1a217a5f38852cf5ff911a60c',
    );
    expect(tracePath('acme', 'shop', 't1', 's1')).toBe('/w/acme/p/shop/traces/t1?span=s1');
  });
});
