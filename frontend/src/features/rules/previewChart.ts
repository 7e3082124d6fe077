/**
 * The preview's answer as chart columns: the value, the threshold or baseline it is compared with,
 * and the breaching points. The service answers either points ({at, value, baseline, breaching})
 * or the rule's series, one per group ({labels, points: [{start, value, compared, volume, verdict}]},
 * NaN where there is no data); the chart shows one series, the largest (the first).
 */
import type { ChartSeries } from '../../lib/charts/chartData';
import type { Condition, PreviewPoint } from './rules';

export interface PreviewColumns {
  x: number[];
  series: ChartSeries[];
  breaching: number;
  /** How many groups the rule has; the chart shows the first. */
  groups: number;
  /** The shown group's labels, `service_name=checkout`; empty without group-by. */
  group: string;
}

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A finite number, or null (JSON null, "NaN", missing). */
export function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function point(raw: Loose): PreviewPoint | undefined {
  const at = typeof raw.at === 'string' ? raw.at : typeof raw.start === 'string' ? raw.start : undefined;
  if (at === undefined) {
    return undefined;
  }
  const verdict = typeof raw.verdict === 'string' ? raw.verdict.toLowerCase() : undefined;
  return {
    at,
    value: finite(raw.value),
    baseline: finite(raw.baseline ?? raw.compared),
    breaching: raw.breaching === true || verdict === 'breaching',
  };
}

/** The preview's points (of its first group) and how many groups there are. */
export function previewPoints(answer: unknown): { points: PreviewPoint[]; groups: number; group: string } {
  if (!isObject(answer)) {
    return { points: [], groups: 0, group: '' };
  }
  if (Array.isArray(answer.points)) {
    return { points: answer.points.filter(isObject).map(point).filter((p) => p !== undefined), groups: 1, group: '' };
  }
  const series = Array.isArray(answer.series) ? answer.series.filter(isObject) : [];
  const first = series[0];
  if (first === undefined) {
    return { points: [], groups: 0, group: '' };
  }
  const labels = isObject(first.labels) ? Object.entries(first.labels).map(([key, value]) => `${key}=${String(value)}`) : [];
  const points = Array.isArray(first.points) ? first.points.filter(isObject).map(point).filter((p) => p !== undefined) : [];
  return { points, groups: series.length, group: labels.join(', ') };
}

export function previewColumns(answer: unknown, condition: Condition | undefined): PreviewColumns {
  const { points, groups, group } = previewPoints(answer);
  const sorted = [...points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const threshold = condition?.type === 'threshold' ? condition.value : null;
  const compared = sorted.map((p) => p.baseline ?? threshold);
  const series: ChartSeries[] = [{ label: 'value', values: sorted.map((p) => p.value) }];
  if (compared.some((v) => v !== null)) {
    series.push({ label: condition?.type === 'threshold' ? 'threshold' : 'baseline', values: compared, style: 'dashed' });
  }
  series.push({ label: 'breaching', values: sorted.map((p) => (p.breaching ? p.value : null)), style: 'points' });
  return {
    x: sorted.map((p) => Date.parse(p.at) / 1000),
    series,
    breaching: sorted.filter((p) => p.breaching).length,
    groups,
    group,
  };
}
