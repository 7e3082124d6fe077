/** A rule in a line, for the list: what it measures, on what, and when it fires. */
import type { Condition, RuleQuery } from './rules';

export function queryText(query: RuleQuery): string {
  const on = query.service === null || query.service === undefined || query.service === '' ? 'every service' : query.service;
  if (query.signal === 'metrics') {
    const aggregation = query.aggregation === 'quantiles' ? `p${(query.quantile ?? 0) * 100}` : query.aggregation;
    const filters = Object.entries(query.filters ?? {}).map(([key, value]) => `${key}=${value}`);
    const by = query.groupBy.length === 0 ? '' : ` by ${query.groupBy.join(', ')}`;
    return `${aggregation} of ${query.metric} on ${on}${filters.length === 0 ? '' : ` where ${filters.join(', ')}`}${by}`;
  }
  if (query.signal === 'logs') {
    const severity = query.minSeverity === null || query.minSeverity === undefined ? '' : ` of severity ${query.minSeverity}+`;
    const words = query.bodyContains === null || query.bodyContains === undefined ? '' : ` containing “${query.bodyContains}”`;
    return `log records${severity}${words} on ${on}${query.groupBy.length > 0 ? ' by service' : ''}`;
  }
  const measure = query.attribute === null || query.attribute === undefined ? query.measure : `${query.measure} of ${query.attribute}`;
  const filters = Object.entries(query.filters ?? {}).map(([key, value]) => `${key}=${value}`);
  const by = query.groupBy.length === 0 ? '' : ` by ${query.groupBy.join(', ')}`;
  return `${measure} of spans on ${on}${filters.length === 0 ? '' : ` where ${filters.join(', ')}`}${by}`;
}

export function conditionText(condition: Condition, window: string): string {
  if (condition.type === 'threshold') {
    return `${condition.direction} ${condition.value} over ${window}`;
  }
  const against =
    condition.baseline === 'trailing'
      ? `the ${condition.trailingHours ?? '?'} h before`
      : `the same ${window} a ${condition.baseline === 'week_before' ? 'week' : 'day'} earlier`;
  const delta = condition.minDifference > 0 ? ` and by at least ${condition.minDifference}` : '';
  return `${condition.direction} × ${condition.factor} ${against}${delta}`;
}
