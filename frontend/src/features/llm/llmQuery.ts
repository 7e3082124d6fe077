import { parseTimeRange, type TimeRange, writeTimeRange } from '../../lib/TimeRange';

export const GROUPINGS = [
  ['model', 'model', 'llm_model'],
  ['service', 'service', 'service_name'],
] as const;
export type Grouping = (typeof GROUPINGS)[number][0];

export const TOKEN_MEASURES = [
  ['total', 'input + output'],
  ['input', 'input'],
  ['output', 'output'],
  ['cached', 'cached input'],
  ['reasoning', 'reasoning'],
] as const;
export type TokenMeasure = (typeof TOKEN_MEASURES)[number][0];

/** The LLM usage page's place: the time range, how calls are grouped, which tokens are drawn. */
export interface LlmQuery {
  time: TimeRange;
  by: Grouping;
  tokens: TokenMeasure;
}

function oneOf<T extends string>(values: readonly (readonly [T, ...string[]])[], text: string | null, fallback: T): T {
  return values.find(([value]) => value === text)?.[0] ?? fallback;
}

export function parseLlmQuery(params: URLSearchParams): LlmQuery {
  return {
    time: parseTimeRange(params, '24h'),
    by: oneOf(GROUPINGS, params.get('by'), 'model'),
    tokens: oneOf(TOKEN_MEASURES, params.get('tokens'), 'total'),
  };
}

export function formatLlmQuery(query: LlmQuery): URLSearchParams {
  const params = writeTimeRange(new URLSearchParams(), query.time);
  if (query.by !== 'model') {
    params.set('by', query.by);
  }
  if (query.tokens !== 'total') {
    params.set('tokens', query.tokens);
  }
  return params;
}

/** The API's group-by field for a grouping. */
export function groupField(by: Grouping): string {
  return GROUPINGS.find(([value]) => value === by)?.[2] ?? 'llm_model';
}
