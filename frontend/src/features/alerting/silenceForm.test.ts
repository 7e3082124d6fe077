import { describe, expect, it } from 'vitest';
import { listedSilences, matchersText, newSilenceDraft, silenceBodyOf, silenceState } from './silenceForm';
import type { Silence } from './silences';

const NOW = Date.parse('2026-12-07T12:00:00Z');

function silence(id: string, startsAt: string, endsAt: string, active = true): Silence {
  return {
    id,
    matchers: [{ label: 'service', value: 'checkout', regex: false }],
    startsAt,
    endsAt,
    createdBy: 'u1',
    comment: 'deploying',
    createdAt: startsAt,
    active,
  };
}

describe('the new-silence form and its body', () => {
  it('starts with the matchers the URL gives, else one empty row', () => {
    expect(newSilenceDraft(['service=checkout']).matchers).toEqual([{ label: 'service', value: 'checkout', regex: false }]);
    expect(newSilenceDraft([]).matchers).toEqual([{ label: '', value: '', regex: false }]);
  });

  it('starts now (the service’s now: no start sent) and ends after the duration picked', () => {
    const draft = { ...newSilenceDraft(['service=checkout']), duration: '2h', comment: ' deploying the fix ' };
    expect(silenceBodyOf(draft, NOW)).toEqual({
      ok: {
        matchers: [{ label: 'service', value: 'checkout', regex: false }],
        endsAt: '2026-12-07T14:00:00.000Z',
        comment: 'deploying the fix',
      },
    });
  });

  it('ends at the time given with “until…”, and drops empty matcher rows', () => {
    const draft = {
      matchers: [
        { label: 'service', value: 'checkout', regex: false },
        { label: '', value: '', regex: false },
      ],
      startsAt: '2026-12-07T13:00Z',
      duration: 'until',
      endsAt: '2026-12-07T15:30Z',
      comment: 'maintenance',
    };
    const body = silenceBodyOf(draft, NOW);
    expect('ok' in body && body.ok).toMatchObject({
      matchers: [{ label: 'service', value: 'checkout', regex: false }],
      startsAt: '2026-12-07T13:00:00.000Z',
      endsAt: '2026-12-07T15:30:00.000Z',
    });
  });

  it('says what to fix: no matcher, an end before the start, a bad regex, no reason', () => {
    expect(silenceBodyOf({ ...newSilenceDraft([]), comment: '' }, NOW)).toEqual({
      errors: {
        matchers: 'Add at least one matcher: a label and the value it must have (e.g. service = checkout).',
        comment: 'Say why, for the people who find alerts silent.',
      },
    });
    const backwards = { ...newSilenceDraft(['a=b']), startsAt: '2026-12-07T13:00Z', duration: 'until', endsAt: '2026-12-07T12:30Z', comment: 'x' };
    expect(silenceBodyOf(backwards, NOW)).toEqual({ errors: { endsAt: 'The silence ends before it starts: the end must be after the start.' } });
    const regex = { ...newSilenceDraft([]), matchers: [{ label: 'route', value: '/pay(', regex: true }], comment: 'x' };
    expect(silenceBodyOf(regex, NOW)).toEqual({ errors: { matchers: 'A regular expression does not compile; check its brackets and escapes.' } });
  });
});

describe('where a silence stands', () => {
  it('is pending, active or expired by its times', () => {
    expect(silenceState(silence('a', '2026-12-07T13:00:00Z', '2026-12-07T14:00:00Z', false), NOW)).toBe('pending');
    expect(silenceState(silence('b', '2026-12-07T11:00:00Z', '2026-12-07T14:00:00Z'), NOW)).toBe('active');
    expect(silenceState(silence('c', '2026-12-07T10:00:00Z', '2026-12-07T11:00:00Z', false), NOW)).toBe('expired');
  });

  it('is expired when the service no longer calls it active, though its end is ahead (expired early)', () => {
    expect(silenceState(silence('d', '2026-12-07T11:00:00Z', '2026-12-07T14:00:00Z', false), NOW)).toBe('expired');
  });

  it('is active when the service says so, though the browser’s clock is a little behind', () => {
    expect(silenceState({ ...silence('f', '2026-12-07T12:00:02Z', '2026-12-07T14:00:00Z'), status: 'active' }, NOW)).toBe('active');
  });

  it('is expired once someone ended it, whatever its times say', () => {
    expect(silenceState({ ...silence('e', '2026-12-07T11:00:00Z', '2026-12-07T14:00:00Z'), expiredBy: 'owner@demo.local' }, NOW)).toBe('expired');
  });

  it('lists those in effect or to come, or the expired ones, newest first', () => {
    const old = silence('old', '2026-12-07T08:00:00Z', '2026-12-07T09:00:00Z', false);
    const now = silence('now', '2026-12-07T11:00:00Z', '2026-12-07T14:00:00Z');
    const later = silence('later', '2026-12-07T13:00:00Z', '2026-12-07T14:00:00Z', false);
    expect(listedSilences([old, now, later], 'active', NOW).map((s) => s.id)).toEqual(['later', 'now']);
    expect(listedSilences([old, now, later], 'expired', NOW).map((s) => s.id)).toEqual(['old']);
    expect(listedSilences([old, now, later], 'all', NOW)).toHaveLength(3);
  });

  it('writes its matchers in a line, a regex with =~', () => {
    expect(matchersText([{ label: 'service', value: 'checkout', regex: false }, { label: 'route', value: '/pay.*', regex: true }])).toBe(
      'service=checkout, route=~/pay.*',
    );
  });
});
