import { type KeyboardEvent, useId, useState } from 'react';

/**
 * A page's time range, kept in the URL: `range=1h` (the last hour, moving with "now") or
 * `from=…&to=…` (ISO-8601 instants, fixed). The query API takes at most 7 days.
 */
export type TimeRange = { kind: 'last'; last: string } | { kind: 'between'; from: string; to: string };

export const PRESETS: readonly (readonly [string, string])[] = [
  ['5m', 'Last 5 minutes'],
  ['15m', 'Last 15 minutes'],
  ['1h', 'Last hour'],
  ['6h', 'Last 6 hours'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
];

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
export const MAX_RANGE_MS = 7 * UNIT_MS.d!;

/** `15m` → 900000; undefined for anything else (or longer than 7 days). */
export function durationMs(text: string): number | undefined {
  const match = /^(\d{1,6})([smhd])$/.exec(text);
  if (match === null) {
    return undefined;
  }
  const ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  return ms > 0 && ms <= MAX_RANGE_MS ? ms : undefined;
}

/** An instant as ISO-8601 in UTC, without milliseconds when there are none. */
export function isoInstant(millis: number): string {
  return new Date(millis).toISOString().replace('.000Z', 'Z');
}

function instant(text: string | null): number | undefined {
  if (text === null || text === '') {
    return undefined;
  }
  const millis = Date.parse(text);
  return Number.isNaN(millis) ? undefined : millis;
}

export function parseTimeRange(params: URLSearchParams, fallback = '1h'): TimeRange {
  const from = instant(params.get('from'));
  const to = instant(params.get('to'));
  if (from !== undefined && to !== undefined && from < to) {
    return { kind: 'between', from: isoInstant(from), to: isoInstant(to) };
  }
  const last = params.get('range');
  if (last !== null && durationMs(last) !== undefined) {
    return { kind: 'last', last };
  }
  return { kind: 'last', last: fallback };
}

/** Writes the range into `params` (replacing any earlier one) and returns them. */
export function writeTimeRange(params: URLSearchParams, range: TimeRange): URLSearchParams {
  params.delete('range');
  params.delete('from');
  params.delete('to');
  if (range.kind === 'last') {
    params.set('range', range.last);
  } else {
    params.set('from', range.from);
    params.set('to', range.to);
  }
  return params;
}

/** The instants the API wants, `now` being the moment the range was looked at. */
export function resolveTimeRange(range: TimeRange, now: number): { from: string; to: string } {
  if (range.kind === 'between') {
    return { from: range.from, to: range.to };
  }
  const ms = durationMs(range.last) ?? UNIT_MS.h!;
  return { from: isoInstant(now - ms), to: isoInstant(now) };
}

export function describeTimeRange(range: TimeRange): string {
  if (range.kind === 'between') {
    return `${range.from} to ${range.to}`;
  }
  const preset = PRESETS.find(([key]) => key === range.last);
  return preset === undefined ? `the last ${range.last}` : preset[1].toLowerCase();
}

/** ISO → the `YYYY-MM-DDTHH:mm` a `datetime-local` input shows, in the browser's zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (local time) → ISO in UTC; undefined when blank or invalid. */
export function fromLocalInput(text: string): string | undefined {
  const millis = instant(text);
  return millis === undefined ? undefined : isoInstant(millis);
}

/**
 * Fixes "now" for a relative range, so a query's key stays put until the range changes or
 * the person refreshes.
 */
export function useTimeWindow(range: TimeRange): { from: string; to: string; refresh: () => void } {
  const key = writeTimeRange(new URLSearchParams(), range).toString();
  const [stamp, setStamp] = useState(() => ({ key, now: Date.now() }));
  if (stamp.key !== key) {
    setStamp({ key, now: Date.now() });
  }
  return { ...resolveTimeRange(range, stamp.now), refresh: () => setStamp({ key, now: Date.now() }) };
}

interface PickerProps {
  value: TimeRange;
  onChange: (range: TimeRange) => void;
  /** Shown as a "Refresh" button for relative ranges: moves "now" forward. */
  onRefresh?: () => void;
  disabled?: boolean;
}

/** Presets, or absolute times (local time in the inputs, UTC in the URL). */
export function TimeRangePicker({ value, onChange, onRefresh, disabled }: PickerProps) {
  const id = useId();
  const [custom, setCustom] = useState(value.kind === 'between');
  const presetValue = custom || value.kind === 'between' ? 'between' : value.last;
  return (
    <div className="time-range">
      <label htmlFor={`${id}-preset`}>Time range</label>
      <select
        id={`${id}-preset`}
        value={presetValue}
        disabled={disabled}
        onChange={(event) => {
          const choice = event.target.value;
          if (choice === 'between') {
            setCustom(true);
          } else {
            setCustom(false);
            onChange({ kind: 'last', last: choice });
          }
        }}
      >
        {PRESETS.map(([key, label]) => (
          <option key={key} value={key}>
            {label}
          </option>
        ))}
        {value.kind === 'last' && !PRESETS.some(([key]) => key === value.last) && (
          <option value={value.last}>Last {value.last}</option>
        )}
        <option value="between">Between…</option>
      </select>
      {presetValue === 'between' && <Between value={value} onChange={onChange} disabled={disabled} id={id} />}
      {value.kind === 'last' && onRefresh !== undefined && (
        <button type="button" onClick={onRefresh} disabled={disabled} title="Move the range up to now">
          Refresh
        </button>
      )}
    </div>
  );
}

function Between({ value, onChange, disabled, id }: Omit<PickerProps, 'onRefresh'> & { id: string }) {
  const initial = resolveTimeRange(value, Date.now());
  const [from, setFrom] = useState(toLocalInput(initial.from));
  const [to, setTo] = useState(toLocalInput(initial.to));
  const fromIso = fromLocalInput(from);
  const toIso = fromLocalInput(to);
  const valid = fromIso !== undefined && toIso !== undefined && Date.parse(fromIso) < Date.parse(toIso);
  const apply = () => {
    if (valid) {
      onChange({ kind: 'between', from: fromIso, to: toIso });
    }
  };
  // Not a <form>: the picker often sits inside a page's own form. Enter applies, as a form would.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      apply();
    }
  };
  return (
    <div className="time-range-between" role="group" aria-label="Absolute time range">
      <label htmlFor={`${id}-from`}>From</label>
      <input id={`${id}-from`} type="datetime-local" value={from} disabled={disabled} onChange={(e) => setFrom(e.target.value)} onKeyDown={onKeyDown} />
      <label htmlFor={`${id}-to`}>To</label>
      <input id={`${id}-to`} type="datetime-local" value={to} disabled={disabled} onChange={(e) => setTo(e.target.value)} onKeyDown={onKeyDown} />
      <button type="button" onClick={apply} disabled={disabled || !valid} title={valid ? undefined : '“From” must come before “To”'}>
        Apply
      </button>
    </div>
  );
}
