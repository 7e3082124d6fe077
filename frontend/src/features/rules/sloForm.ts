/**
 * The SLO editor's fields as typed, the body they make, a 400 put by its field, the preview as
 * chart columns and the status in words. Pure, so each is tested.
 */
import type { ChartSeries } from '../../lib/charts/chartData';
import { finite } from './previewChart';
import { pairsOf } from './ruleForm';
import type { Slo, SloBody, SloPreview, SloStatus } from './slos';

export interface SloDraft {
  name: string;
  service: string;
  spanName: string;
  /** `key=value`, one per line. */
  filters: string;
  latencyThresholdMs: string;
  objective: string;
  periodDays: string;
  channelIds: string[];
  investigate: boolean;
  enabled: boolean;
}

export type SloField = keyof SloDraft;
export type SloErrors = Partial<Record<SloField, string>>;

export const NEW_SLO: SloDraft = {
  name: '',
  service: '',
  spanName: '',
  filters: '',
  latencyThresholdMs: '',
  objective: '99.9',
  periodDays: '30',
  channelIds: [],
  investigate: false,
  enabled: true,
};

export function sloDraftOf(slo: Slo): SloDraft {
  const body = slo.slo;
  return {
    name: body.name,
    service: body.service ?? '',
    spanName: body.spanName ?? '',
    filters: Object.entries(body.filters ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
    latencyThresholdMs: body.latencyThresholdMs === null ? '' : String(body.latencyThresholdMs),
    objective: String(body.objective),
    periodDays: String(body.periodDays),
    channelIds: body.channelIds ?? [],
    investigate: body.investigate,
    enabled: body.enabled,
  };
}

const optional = (text: string) => (text.trim() === '' ? null : text.trim());

export function sloBodyOf(draft: SloDraft): { ok: SloBody } | { errors: SloErrors } {
  const errors: SloErrors = {};
  if (draft.name.trim() === '') errors.name = 'Give the SLO a name, e.g. “checkout availability”.';
  const filters = pairsOf(draft.filters);
  if ('error' in filters) errors.filters = `${filters.error}: one key=value per line.`;
  const objective = Number(draft.objective.trim());
  if (draft.objective.trim() === '' || !Number.isFinite(objective) || objective < 50 || objective >= 100) {
    errors.objective = 'A percentage of good spans from 50 to below 100, e.g. 99.9.';
  }
  const period = Number(draft.periodDays.trim());
  if (!Number.isInteger(period) || period < 1 || period > 90) errors.periodDays = 'A whole number of days from 1 to 90.';
  const latency = draft.latencyThresholdMs.trim() === '' ? null : Number(draft.latencyThresholdMs.trim());
  if (latency !== null && (!Number.isInteger(latency) || latency < 1)) {
    errors.latencyThresholdMs = 'Whole milliseconds from 1, or empty to count only failed spans as bad.';
  }
  if (Object.keys(errors).length > 0 || 'error' in filters) {
    return { errors };
  }
  return {
    ok: {
      name: draft.name.trim(),
      service: optional(draft.service),
      spanName: optional(draft.spanName),
      filters: filters.ok,
      latencyThresholdMs: latency,
      objective,
      periodDays: period,
      channelIds: draft.channelIds,
      investigate: draft.investigate,
      enabled: draft.enabled,
    },
  };
}

const SLO_WORDS: readonly (readonly [SloField, RegExp])[] = [
  ['channelIds', /\bchannel/i],
  ['filters', /\battribute/i],
  ['latencyThresholdMs', /latency/i],
  ['objective', /\bobjective\b/i],
  ['periodDays', /\bperiod/i],
  ['spanName', /\bspanName\b|\bspan name\b/i],
  ['service', /\bservice\b/i],
  ['name', /\bname\b/i],
];

/** The field a 400's message names, or undefined for the form as a whole. */
export function sloFieldOfProblem(message: string): SloField | undefined {
  return SLO_WORDS.find(([, words]) => words.test(message))?.[0];
}

/** The preview's hours: the burn rate against the fast alert's factor, the hours at or over it marked. */
export function sloColumns(preview: SloPreview): { x: number[]; series: ChartSeries[]; burning: number } {
  const points = [...preview.points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const rates = points.map((p) => finite(p.burnRate));
  return {
    x: points.map((p) => Date.parse(p.at) / 1000),
    series: [
      { label: 'burn rate', values: rates },
      { label: 'fast alert', values: points.map(() => preview.fastBurnFactor), style: 'dashed' },
      { label: 'over it', values: rates.map((r) => (r !== null && r >= preview.fastBurnFactor ? r : null)), style: 'points' },
    ],
    burning: rates.filter((r) => r !== null && r >= preview.fastBurnFactor).length,
  };
}

/** "99.95 % good, 62 % of the budget left", or what is known of it. */
export function statusText(status: SloStatus | null): string {
  if (status === null || status.valid === 0) {
    return 'no spans yet in the period';
  }
  const good = `${(status.goodRatio * 100).toFixed(2)} % good`;
  const left = status.budgetLeft < 0 ? 'budget overspent' : `${Math.round(status.budgetLeft * 100)} % of the budget left`;
  return `${good}, ${left}`;
}
