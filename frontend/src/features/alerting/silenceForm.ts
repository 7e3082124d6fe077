/**
 * The new-silence form as typed and the body it makes, and where a silence stands: pure, so the
 * times and the matchers are tested without a browser.
 */
import type { Matcher, NewSilence, Silence } from './silences';
import type { SilenceFilter } from './alertingView';

export interface SilenceDraft {
  matchers: Matcher[];
  /** A `datetime-local` value (local time); empty starts it now. */
  startsAt: string;
  /** How long: one of DURATIONS' keys, or `until` for `endsAt`. */
  duration: string;
  endsAt: string;
  comment: string;
}

export const DURATIONS: readonly (readonly [string, string, number])[] = [
  ['1h', '1 hour', 3_600_000],
  ['2h', '2 hours', 7_200_000],
  ['4h', '4 hours', 14_400_000],
  ['1d', '1 day', 86_400_000],
  ['1w', '1 week', 604_800_000],
];

/** A draft whose matchers are the `label=value` pairs given (from the URL), else one empty row. */
export function newSilenceDraft(pairs: readonly string[]): SilenceDraft {
  const matchers = pairs
    .map((pair) => {
      const at = pair.indexOf('=');
      return { label: pair.slice(0, at).trim(), value: pair.slice(at + 1), regex: false };
    })
    .filter((m) => m.label !== '');
  return { matchers: matchers.length > 0 ? matchers : [{ label: '', value: '', regex: false }], startsAt: '', duration: '2h', endsAt: '', comment: '' };
}

export type SilenceErrors = Partial<Record<'matchers' | 'startsAt' | 'endsAt' | 'comment', string>>;

function localInstant(text: string): number | undefined {
  if (text.trim() === '') {
    return undefined;
  }
  const millis = Date.parse(text);
  return Number.isNaN(millis) ? undefined : millis;
}

/** The body POST …/silences takes, or what to fix; `now` in epoch milliseconds. */
export function silenceBodyOf(draft: SilenceDraft, now: number): { ok: NewSilence } | { errors: SilenceErrors } {
  const errors: SilenceErrors = {};
  const matchers = draft.matchers
    .map((m) => ({ ...m, label: m.label.trim() }))
    .filter((m) => m.label !== '' || m.value !== '');
  if (matchers.length === 0) {
    errors.matchers = 'Add at least one matcher: a label and the value it must have (e.g. service = checkout).';
  } else if (matchers.some((m) => m.label === '')) {
    errors.matchers = 'Every matcher needs a label name.';
  } else if (matchers.some((m) => m.regex && !compiles(m.value))) {
    errors.matchers = 'A regular expression does not compile; check its brackets and escapes.';
  }
  const start = draft.startsAt.trim() === '' ? now : localInstant(draft.startsAt);
  if (start === undefined) {
    errors.startsAt = 'Give a start date and time, or leave it empty to start now.';
  }
  const preset = DURATIONS.find(([key]) => key === draft.duration);
  const end = preset !== undefined && start !== undefined ? start + preset[2] : localInstant(draft.endsAt);
  if (end === undefined) {
    errors.endsAt = 'Give the end date and time, or pick a duration.';
  } else if (start !== undefined && end <= start) {
    errors.endsAt = 'The silence ends before it starts: the end must be after the start.';
  } else if (end <= now) {
    errors.endsAt = 'That end is in the past: a silence has to reach into the future.';
  }
  if (draft.comment.trim() === '') {
    errors.comment = 'Say why, for the people who find alerts silent.';
  }
  if (Object.keys(errors).length > 0 || start === undefined || end === undefined) {
    return { errors };
  }
  // Starting now is the service's now: the browser's clock may be a little off.
  const startsAt = draft.startsAt.trim() === '' ? {} : { startsAt: new Date(start).toISOString() };
  return { ok: { matchers, ...startsAt, endsAt: new Date(end).toISOString(), comment: draft.comment.trim() } };
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

export type SilenceState = 'pending' | 'active' | 'expired';

/**
 * Starts later, in effect, or over: by its times, moved on from what the service said when it
 * answered (its status; a browser clock a little behind the service's does not make a silence
 * just made "pending"); one ended early (expiredBy, or no longer called active) is over.
 */
export function silenceState(silence: Silence, now: number): SilenceState {
  if ((silence.expiredBy !== null && silence.expiredBy !== undefined) || silence.status === 'expired') {
    return 'expired';
  }
  if (Date.parse(silence.endsAt) <= now) {
    return 'expired';
  }
  if (Date.parse(silence.startsAt) > now && silence.status !== 'active') {
    return 'pending';
  }
  return silence.status === undefined && silence.active === false ? 'expired' : 'active';
}

/** The silences the filter lists: in effect or to come (active), over (expired), or all; newest first. */
export function listedSilences(silences: readonly Silence[], filter: SilenceFilter, now: number): Silence[] {
  return silences
    .filter((s) => filter === 'all' || (filter === 'expired') === (silenceState(s, now) === 'expired'))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** `service=checkout, route=~/pay.*`: a silence's matchers in a line. */
export function matchersText(matchers: readonly Matcher[]): string {
  return matchers.map((m) => `${m.label}${m.regex ? '=~' : '='}${m.value}`).join(', ');
}
