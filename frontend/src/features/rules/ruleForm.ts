/**
 * The rule editor's fields as typed, and the API body they make (the shape of RuleJson on the
 * service, which refuses fields it does not know): what is missing or malformed is said by the
 * field before anything is sent, and a 400 from the service is put by the field its message is
 * about. Pure, so both directions are tested.
 */
import { SEVERITIES, type Severity } from '../incidents/incidents';
import {
  type BaselineKind,
  type Condition,
  type Direction,
  METRIC_AGGREGATIONS,
  type MetricAggregation,
  type Rule,
  type RuleBody,
  type RuleQuery,
  type Signal,
  SPAN_MEASURES,
  type SpanMeasure,
} from './rules';

export interface RuleDraft {
  name: string;
  signal: Signal;
  measure: SpanMeasure;
  /** The numeric attribute an attribute_* measure reads. */
  attribute: string;
  service: string;
  /** `key=value`, one per line: spans whose attribute equals the value. */
  filters: string;
  /** Span group-by dimensions, comma separated. */
  groupBy: string;
  /** Log counts: one alert per service instead of one in all. */
  logsByService: boolean;
  minVolume: string;
  /** An OTLP severity number as text ('' for any). */
  minSeverity: string;
  bodyContains: string;
  /** A metric rule's metric name, exactly as sent. */
  metric: string;
  aggregation: MetricAggregation;
  /** For the quantiles aggregation: 0.99 for p99. */
  quantile: string;
  condition: 'threshold' | 'change';
  direction: Direction;
  threshold: string;
  baseline: BaselineKind;
  hours: string;
  factor: string;
  minDifference: string;
  window: string;
  interval: string;
  severity: Severity;
  /** `key=value`, one per line. */
  labels: string;
  channelIds: string[];
  investigate: boolean;
  enabled: boolean;
}

export type Field = keyof RuleDraft;
export type FieldErrors = Partial<Record<Field, string>>;

export const LOG_SEVERITIES: readonly (readonly [string, string])[] = [
  ['', 'any'],
  ['9', 'INFO and above'],
  ['13', 'WARN and above'],
  ['17', 'ERROR and above'],
  ['21', 'FATAL'],
];

export const NEW_RULE: RuleDraft = {
  name: '',
  signal: 'spans',
  measure: 'error_rate',
  attribute: '',
  service: '',
  filters: '',
  groupBy: '',
  logsByService: false,
  minVolume: '',
  minSeverity: '',
  bodyContains: '',
  metric: '',
  aggregation: 'avg',
  quantile: '',
  condition: 'threshold',
  direction: 'above',
  threshold: '',
  baseline: 'day_before',
  hours: '',
  factor: '2',
  minDifference: '',
  window: '10m',
  interval: '1m',
  severity: 'medium',
  labels: '',
  channelIds: [],
  investigate: true,
  enabled: true,
};

const numberText = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
const pairsText = (pairs: Record<string, string>) =>
  Object.entries(pairs)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');

function queryDraft(query: RuleQuery): Partial<RuleDraft> {
  if (query.signal === 'metrics') {
    return {
      signal: 'metrics',
      metric: query.metric,
      aggregation: query.aggregation,
      quantile: numberText(query.quantile),
      service: query.service ?? '',
      filters: pairsText(query.filters ?? {}),
      groupBy: (query.groupBy ?? []).join(', '),
    };
  }
  if (query.signal === 'logs') {
    return {
      signal: 'logs',
      service: query.service ?? '',
      minSeverity: numberText(query.minSeverity),
      bodyContains: query.bodyContains ?? '',
      logsByService: query.groupBy.length > 0,
    };
  }
  return {
    signal: 'spans',
    measure: query.measure,
    attribute: query.attribute ?? '',
    service: query.service ?? '',
    filters: pairsText(query.filters ?? {}),
    groupBy: (query.groupBy ?? []).join(', '),
    minVolume: numberText(query.minVolume),
  };
}

function conditionDraft(condition: Condition): Partial<RuleDraft> {
  if (condition.type === 'threshold') {
    return { condition: 'threshold', direction: condition.direction, threshold: String(condition.value) };
  }
  return {
    condition: 'change',
    direction: condition.direction,
    baseline: condition.baseline,
    hours: numberText(condition.trailingHours),
    factor: String(condition.factor),
    minDifference: condition.minDifference === 0 ? '' : String(condition.minDifference),
  };
}

export function draftOf(rule: Rule): RuleDraft {
  return {
    ...NEW_RULE,
    name: rule.name,
    ...queryDraft(rule.query),
    ...conditionDraft(rule.condition),
    window: rule.window,
    interval: rule.interval,
    severity: rule.severity,
    labels: pairsText(rule.labels ?? {}),
    channelIds: rule.channelIds ?? [],
    investigate: rule.investigate,
    enabled: rule.enabled,
  };
}

/** `key=value` lines (or comma separated) as a map; a line without `=` or key is an error. */
export function pairsOf(text: string): { ok: Record<string, string> } | { error: string } {
  const pairs: Record<string, string> = {};
  for (const line of text.split(/[\n,]/)) {
    const trimmed = line.trim();
    if (trimmed === '') {
      continue;
    }
    const at = trimmed.indexOf('=');
    if (at <= 0) {
      return { error: `“${trimmed}” is not key=value` };
    }
    pairs[trimmed.slice(0, at).trim()] = trimmed.slice(at + 1).trim();
  }
  return { ok: pairs };
}

/** 30s, 5m, 1h, 1h30m: what the service reads as a duration. */
const DURATION = /^(?:\d+h)?(?:\d+m)?(?:\d+s)?$/;
const LABEL_KEY = /^[a-z_][a-z0-9_]*$/;

function numberOf(text: string, what: string, errors: FieldErrors, field: Field, required: boolean): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    if (required) {
      errors[field] = `${what} is needed.`;
    }
    return undefined;
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value)) {
    errors[field] = `${what} is a number, not “${trimmed}”.`;
    return undefined;
  }
  return value;
}

const optional = (text: string) => (text.trim() === '' ? null : text.trim());
const keysOf = (text: string) =>
  text
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');

function metricQueryOf(draft: RuleDraft, errors: FieldErrors): RuleQuery | undefined {
  const metric = draft.metric.trim();
  if (metric === '') {
    errors.metric = 'Name the metric, exactly as it is reported (names are case-sensitive).';
  }
  if (!METRIC_AGGREGATIONS.includes(draft.aggregation)) {
    errors.aggregation = 'Pick an aggregation.';
  }
  const quantiles = draft.aggregation === 'quantiles';
  const quantile = quantiles ? numberOf(draft.quantile, 'The quantile', errors, 'quantile', true) : undefined;
  if (quantile !== undefined && !(quantile > 0 && quantile < 1)) {
    errors.quantile = 'A quantile is strictly between 0 and 1: 0.99 for p99.';
  }
  const filters = pairsOf(draft.filters);
  if ('error' in filters) {
    errors.filters = `${filters.error}: one key=value per line.`;
  }
  const groupBy = keysOf(draft.groupBy);
  if (groupBy.length > 3) {
    errors.groupBy = 'Group by at most 3 attribute keys.';
  }
  if ('error' in filters || metric === '' || (quantiles && quantile === undefined)) {
    return undefined;
  }
  return {
    signal: 'metrics',
    metric,
    aggregation: draft.aggregation,
    quantile: quantiles ? quantile : null,
    service: optional(draft.service),
    filters: filters.ok,
    groupBy,
  };
}

function queryOf(draft: RuleDraft, errors: FieldErrors): RuleQuery | undefined {
  if (draft.signal === 'metrics') {
    return metricQueryOf(draft, errors);
  }
  if (draft.signal === 'logs') {
    const minSeverity = numberOf(draft.minSeverity, 'The minimum severity', errors, 'minSeverity', false);
    return {
      signal: 'logs',
      service: optional(draft.service),
      minSeverity: minSeverity ?? null,
      bodyContains: optional(draft.bodyContains),
      groupBy: draft.logsByService ? ['service_name'] : [],
    };
  }
  const filters = pairsOf(draft.filters);
  if ('error' in filters) {
    errors.filters = `${filters.error}: one key=value per line.`;
  }
  const byAttribute = draft.measure === 'attribute_avg' || draft.measure === 'attribute_p99';
  if (byAttribute && draft.attribute.trim() === '') {
    errors.attribute = `The measure ${draft.measure} needs the numeric attribute to measure.`;
  }
  const minVolume = numberOf(draft.minVolume, 'The minimum volume', errors, 'minVolume', false);
  if (minVolume !== undefined && (!Number.isInteger(minVolume) || minVolume < 0)) {
    errors.minVolume = 'The minimum volume is a whole number of spans from 0.';
  }
  if (!SPAN_MEASURES.includes(draft.measure)) {
    errors.measure = 'Pick what to measure.';
  }
  if ('error' in filters) {
    return undefined;
  }
  return {
    signal: 'spans',
    measure: draft.measure,
    attribute: byAttribute ? draft.attribute.trim() : null,
    service: optional(draft.service),
    filters: filters.ok,
    groupBy: keysOf(draft.groupBy),
    minVolume: minVolume ?? (draft.measure === 'count' ? 0 : 10),
  };
}

function conditionOf(draft: RuleDraft, errors: FieldErrors): Condition | undefined {
  if (draft.condition === 'threshold') {
    const value = numberOf(draft.threshold, 'The threshold', errors, 'threshold', true);
    if (value !== undefined && draft.signal === 'spans' && draft.measure === 'error_rate' && (value < 0 || value > 1)) {
      errors.threshold = 'An error rate is 0 to 1 (0.05 for 5 %), so its threshold is too.';
    }
    if (value !== undefined && value < 0 && draft.signal === 'metrics' && draft.aggregation === 'rate') {
      errors.threshold = 'A rate is never negative, so this threshold is never crossed.';
    }
    return value === undefined ? undefined : { type: 'threshold', direction: draft.direction, value };
  }
  const factor = numberOf(draft.factor, 'The factor', errors, 'factor', true);
  const minDifference = numberOf(draft.minDifference, 'The minimum difference', errors, 'minDifference', false) ?? 0;
  if (factor !== undefined && (factor < 1 || factor > 1000)) {
    errors.factor = 'The factor is 1 to 1000: 1.5 for 50 % more than the baseline.';
  }
  if (minDifference < 0) {
    errors.minDifference = 'The minimum difference is a number from 0.';
  }
  let trailingHours: number | undefined;
  if (draft.baseline === 'trailing') {
    trailingHours = numberOf(draft.hours, 'The trailing hours', errors, 'hours', true);
    if (trailingHours !== undefined && (!Number.isInteger(trailingHours) || trailingHours < 1 || trailingHours > 72)) {
      errors.hours = 'The trailing baseline is 1 to 72 whole hours.';
    }
  }
  if (factor === undefined) {
    return undefined;
  }
  const change: Condition = { type: 'change', direction: draft.direction, baseline: draft.baseline, factor, minDifference };
  return trailingHours === undefined ? change : { ...change, trailingHours };
}

/** The body the API takes, or what to fix, by field. */
export function bodyOf(draft: RuleDraft): { ok: RuleBody } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (draft.name.trim() === '') errors.name = 'Give the rule a name people will see in notifications.';
  const query = queryOf(draft, errors);
  const condition = conditionOf(draft, errors);
  const labels = pairsOf(draft.labels);
  if ('error' in labels) {
    errors.labels = `${labels.error}: one key=value per line.`;
  } else {
    const bad = Object.keys(labels.ok).find((key) => !LABEL_KEY.test(key) || key === 'alertname' || key === 'service');
    if (bad !== undefined) {
      errors.labels =
        bad === 'alertname' || bad === 'service'
          ? `The label “${bad}” is set by the rule itself; choose another key.`
          : `A label’s key is lower-case letters, digits and _, not starting with a digit: not “${bad}”.`;
    }
  }
  for (const field of ['window', 'interval'] as const) {
    const text = draft[field].trim();
    if (text === '' || !DURATION.test(text)) {
      errors[field] = `A duration like 10m, 1h, 30s or 1h30m, not “${draft[field]}”.`;
    }
  }
  if (!SEVERITIES.includes(draft.severity)) errors.severity = 'Pick a severity.';
  if (Object.keys(errors).length > 0 || query === undefined || condition === undefined || 'error' in labels) {
    return { errors };
  }
  return {
    ok: {
      name: draft.name.trim(),
      query,
      condition,
      window: draft.window.trim(),
      interval: draft.interval.trim(),
      severity: draft.severity,
      labels: labels.ok,
      channelIds: draft.channelIds,
      investigate: draft.investigate,
      enabled: draft.enabled,
    },
  };
}

/**
 * What a 400's message is about, by the words the service's checks use (RuleDraft, RuleQuery,
 * Condition, RuleJson), most specific first: labels before "name" and "service", which their
 * message also mentions.
 */
const FIELD_WORDS: readonly (readonly [Field, RegExp])[] = [
  ['labels', /\blabels?\b/i],
  ['channelIds', /\bchannel/i],
  ['filters', /\battribute filters?\b|'query\.filters'/i],
  ['quantile', /\bquantile\b/i],
  ['aggregation', /\baggregation\b/i],
  ['metric', /\bmetric\b/i],
  ['attribute', /\battribute\b/i],
  ['minSeverity', /\bminimum severity\b|\bseverity number\b|'minSeverity'/i],
  ['bodyContains', /\blog bodies\b|'bodyContains'/i],
  ['groupBy', /\bgroup(ed)?[ -]?by\b|'query\.groupBy'/i],
  ['minVolume', /\bminimum volume\b|'minVolume'/i],
  ['minDifference', /\bminimum difference\b|'minDifference'/i],
  ['hours', /\btrailing\b|'trailingHours'/i],
  ['factor', /\bfactor\b/i],
  ['baseline', /\bbaseline\b/i],
  ['direction', /\bdirection\b/i],
  ['threshold', /\bthreshold\b|'value'/i],
  ['signal', /\bsignal\b/i],
  ['measure', /\bmeasure\b/i],
  ['window', /\bwindow\b/i],
  ['interval', /\binterval\b/i],
  ['severity', /\bseverity\b/i],
  ['name', /\bname\b/i],
];

/** The field a 400's message is about, or undefined for the form as a whole. */
export function fieldOfProblem(message: string): Field | undefined {
  if (/^unknown field\b/i.test(message)) {
    return undefined;
  }
  return FIELD_WORDS.find(([, words]) => words.test(message))?.[0];
}
