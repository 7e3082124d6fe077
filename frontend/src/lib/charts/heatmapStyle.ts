/** The heatmap's colours and axis labels. */
import { type Axes, roundDuration } from './heatmapScale';

/**
 * 256 colours from pale yellow through orange and red to purple; a count's colour is on a log
 * scale of the largest count, so a few spans still show beside thousands.
 */
export const PALETTE: readonly string[] = Array.from({ length: 256 }, (_, i) => {
  const t = i / 255;
  const stops: readonly (readonly [number, number, number])[] = [
    [255, 237, 160],
    [254, 178, 76],
    [240, 59, 32],
    [174, 1, 126],
    [84, 39, 143],
  ];
  const position = t * (stops.length - 1);
  const index = Math.min(stops.length - 2, Math.floor(position));
  const f = position - index;
  const a = stops[index] ?? [0, 0, 0];
  const b = stops[index + 1] ?? a;
  const mix = (k: 0 | 1 | 2) => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
});

export function colourIndex(count: number, maxCount: number): number {
  if (count <= 0 || maxCount <= 0) {
    return -1;
  }
  if (maxCount === 1) {
    return 255;
  }
  return Math.round((Math.log(count) / Math.log(maxCount)) * 200) + 55;
}

/** Powers of ten inside the duration axis, for its labels: every one, or every k-th when more than `maxTicks`. */
export function durationTicks(axes: Axes, maxTicks = Infinity): number[] {
  const first = Math.ceil(Math.log10(axes.minMs));
  const last = Math.floor(Math.log10(axes.maxMs));
  const every = Math.max(1, Math.ceil((last - first + 1) / Math.max(1, maxTicks)));
  const ticks: number[] = [];
  for (let e = first; e <= last; e += every) {
    ticks.push(Math.pow(10, e));
  }
  return ticks;
}

const TIME_STEPS_MS = [1, 5, 15, 30, 60, 180, 360, 720, 1440].map((minutes) => minutes * 60_000);

/** Whole-step instants across the time axis, at most about `maxTicks` of them. */
export function timeTicks(axes: Axes, maxTicks: number): number[] {
  const span = axes.toMs - axes.fromMs;
  const step = TIME_STEPS_MS.find((s) => span / s <= maxTicks) ?? TIME_STEPS_MS[TIME_STEPS_MS.length - 1] ?? 86_400_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(axes.fromMs / step) * step; t <= axes.toMs; t += step) {
    ticks.push(t);
  }
  return ticks;
}

export function durationLabel(ms: number): string {
  if (ms >= 86_400_000) {
    return `${roundDuration(ms / 86_400_000)} d`;
  }
  if (ms >= 3_600_000) {
    return `${roundDuration(ms / 3_600_000)} h`;
  }
  if (ms >= 60_000) {
    return `${roundDuration(ms / 60_000)} min`;
  }
  if (ms >= 1000) {
    return `${roundDuration(ms / 1000)} s`;
  }
  if (ms >= 1) {
    return `${roundDuration(ms)} ms`;
  }
  return `${roundDuration(ms * 1000)} µs`;
}

/** HH:mm in UTC, with the date when the axis spans more than a day. */
export function timeLabel(epochMs: number, withDate: boolean): string {
  const iso = new Date(epochMs).toISOString();
  return withDate ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}
