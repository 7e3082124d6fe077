import {
  type AttributeFilterBody,
  appendTailConditions,
  type Condition,
  readConditions,
  toFilterBody,
  writeConditions,
} from '../../lib/conditions';
import { parseTimeRange, type TimeRange, writeTimeRange } from '../../lib/TimeRange';

/** OTLP severity numbers where each level starts (1–4 TRACE, 5–8 DEBUG, … 21–24 FATAL). */
export const SEVERITIES = [
  [1, 'TRACE'],
  [5, 'DEBUG'],
  [9, 'INFO'],
  [13, 'WARN'],
  [17, 'ERROR'],
  [21, 'FATAL'],
] as const;

export type Level = (typeof SEVERITIES)[number][1];

/** The level of a severity number; UNSET for 0 or anything outside 1..24. */
export function levelOf(severityNumber: number): Level | 'UNSET' {
  let level: Level | 'UNSET' = 'UNSET';
  for (const [from, name] of SEVERITIES) {
    if (severityNumber >= from && severityNumber <= 24) {
      level = name;
    }
  }
  return level;
}

/** The logs page's place: what the search asks for, and whether the live tail is on. */
export interface LogsQuery {
  time: TimeRange;
  /** Lowest severity number shown (9 INFO, 13 WARN, 17 ERROR); undefined: every severity. */
  minSeverity?: number;
  service: string;
  /** Words that must all appear in the body, as whole words. */
  text: string;
  conditions: Condition[];
  live: boolean;
}

/** `severity=warn` reads as 13; a number 1..24 is taken as it is. */
function parseSeverity(text: string | null): number | undefined {
  if (text === null || text === '') {
    return undefined;
  }
  const named = SEVERITIES.find(([, name]) => name === text.toUpperCase());
  if (named !== undefined) {
    return named[0];
  }
  const number = Number(text);
  return Number.isInteger(number) && number >= 1 && number <= 24 ? number : undefined;
}

function formatSeverity(severity: number): string {
  const named = SEVERITIES.find(([from]) => from === severity);
  return named === undefined ? String(severity) : named[1].toLowerCase();
}

export function parseLogsQuery(params: URLSearchParams): LogsQuery {
  const minSeverity = parseSeverity(params.get('severity'));
  return {
    time: parseTimeRange(params),
    ...(minSeverity === undefined ? {} : { minSeverity }),
    service: params.get('service') ?? '',
    text: params.get('q') ?? '',
    conditions: readConditions(params),
    live: params.get('live') === '1',
  };
}

export function formatLogsQuery(query: LogsQuery): URLSearchParams {
  const params = writeTimeRange(new URLSearchParams(), query.time);
  if (query.minSeverity !== undefined) {
    params.set('severity', formatSeverity(query.minSeverity));
  }
  if (query.service !== '') {
    params.set('service', query.service);
  }
  if (query.text !== '') {
    params.set('q', query.text);
  }
  writeConditions(params, query.conditions);
  if (query.live) {
    params.set('live', '1');
  }
  return params;
}

export interface LogSearchBody {
  from: string;
  to: string;
  minSeverity?: number;
  service?: string;
  text?: string;
  attributes?: AttributeFilterBody[];
  limit: number;
  cursor?: string;
}

export const PAGE_SIZE = 200;

/** POST /logs/search's body for a page of the query's results in a resolved period. */
export function searchBody(query: LogsQuery, period: { from: string; to: string }, cursor?: string): LogSearchBody {
  return {
    from: period.from,
    to: period.to,
    ...(query.minSeverity === undefined ? {} : { minSeverity: query.minSeverity }),
    ...(query.service.trim() === '' ? {} : { service: query.service.trim() }),
    ...(query.text.trim() === '' ? {} : { text: query.text.trim() }),
    ...(query.conditions.length === 0 ? {} : { attributes: query.conditions.map(toFilterBody) }),
    limit: PAGE_SIZE,
    ...(cursor === undefined ? {} : { cursor }),
  };
}

/** GET /tail's query string for the same filter (the time range does not apply to a tail). */
export function tailParams(query: LogsQuery): URLSearchParams {
  const params = new URLSearchParams({ signal: 'logs' });
  if (query.minSeverity !== undefined) {
    params.set('minSeverity', String(query.minSeverity));
  }
  if (query.service.trim() !== '') {
    params.set('service', query.service.trim());
  }
  if (query.text.trim() !== '') {
    params.set('text', query.text.trim());
  }
  return appendTailConditions(params, query.conditions);
}
