import { describe, expect, it } from 'vitest';
import { formatLogsQuery, levelOf, type LogsQuery, parseLogsQuery, searchBody, tailParams } from './logsQuery';

const full: LogsQuery = {
  time: { kind: 'between', from: '2026-12-06T10:00:00Z', to: '2026-12-06T12:00:00Z' },
  minSeverity: 17,
  service: 'checkout',
  text: 'timed out',
  conditions: [
    { scope: 'record', key: 'http.route', op: 'contains', value: 'check' },
    { scope: 'resource', key: 'service.version', op: 'equals', value: '2.3.1' },
  ],
  live: false,
};

describe('the logs page in the URL', () => {
  it.each<[string, LogsQuery]>([
    ['every field', full],
    ['the defaults', { time: { kind: 'last', last: '1h' }, service: '', text: '', conditions: [], live: false }],
    ['live, with an odd severity', { time: { kind: 'last', last: '15m' }, minSeverity: 10, service: 'a b', text: '', conditions: [], live: true }],
  ])('reads back what it wrote: %s', (_name, query) => {
    const search = formatLogsQuery(query).toString();
    expect(parseLogsQuery(new URLSearchParams(search))).toEqual(query);
  });

  it('names severities by level', () => {
    expect(formatLogsQuery(full).get('severity')).toBe('error');
    expect(parseLogsQuery(new URLSearchParams('severity=WARN')).minSeverity).toBe(13);
    expect(parseLogsQuery(new URLSearchParams('severity=99')).minSeverity).toBeUndefined();
  });

  it('opens on the last hour with nothing filtered', () => {
    expect(parseLogsQuery(new URLSearchParams())).toEqual({
      time: { kind: 'last', last: '1h' },
      service: '',
      text: '',
      conditions: [],
      live: false,
    });
  });
});

describe('what the page asks the API', () => {
  const period = { from: '2026-12-06T10:00:00Z', to: '2026-12-06T12:00:00Z' };

  it('sends only the filters set', () => {
    expect(searchBody({ ...full, minSeverity: undefined, service: ' ', text: '', conditions: [] }, period)).toEqual({ ...period, limit: 200 });
  });

  it('sends every filter and the cursor', () => {
    expect(searchBody(full, period, 'abc')).toEqual({
      ...period,
      minSeverity: 17,
      service: 'checkout',
      text: 'timed out',
      attributes: [
        { scope: 'record', key: 'http.route', op: 'contains', value: 'check' },
        { scope: 'resource', key: 'service.version', op: 'equals', value: '2.3.1' },
      ],
      limit: 200,
      cursor: 'abc',
    });
  });

  it('tails the same filter', () => {
    expect(tailParams(full).toString()).toBe(
      'signal=logs&minSeverity=17&service=checkout&text=timed+out&attribute=http.route%7Echeck&resourceAttribute=service.version%3D2.3.1',
    );
  });

  it('reads severity numbers as levels', () => {
    expect([0, 1, 9, 12, 13, 17, 24, 25].map(levelOf)).toEqual(['UNSET', 'TRACE', 'INFO', 'INFO', 'WARN', 'ERROR', 'FATAL', 'UNSET']);
  });
});
