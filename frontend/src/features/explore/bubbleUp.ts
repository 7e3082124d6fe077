import type { BubbleUpDimension, BubbleUpValue } from './explore';
import type { ExploreQuery } from './exploreState';
import { STATUSES } from './exploreState';

/** Below this score BubbleUp found no notable difference (docs/query-api.md, "How it scores"). */
export const NO_DIFFERENCE_BELOW = 0.05;

/**
 * The query with a BubbleUp value added as a filter: an attribute condition for an attribute,
 * the service, span name or status for those fields. Undefined when the value cannot be a
 * filter (a range, "(none)", "(other)", the span kind or scope) or is one already.
 */
export function withValueAsFilter(query: ExploreQuery, dimension: BubbleUpDimension, value: BubbleUpValue): ExploreQuery | undefined {
  if (value.kind !== 'VALUE') {
    return undefined;
  }
  if (dimension.source === 'FIELD') {
    switch (dimension.key) {
      case 'service':
        return query.service === value.value ? undefined : { ...query, service: value.value };
      case 'span_name':
        return query.spanName === value.value ? undefined : { ...query, spanName: value.value };
      case 'status': {
        const status = STATUSES.find((s) => s === value.value.toLowerCase());
        return status === undefined || query.status === status ? undefined : { ...query, status };
      }
      default:
        return undefined;
    }
  }
  const scope = dimension.source === 'RESOURCE_ATTRIBUTE' ? 'resource' : 'record';
  const present = query.attributes.some(
    (a) => a.scope === scope && a.key === dimension.key && a.op === 'equals' && a.value === value.value,
  );
  if (present) {
    return undefined;
  }
  return { ...query, attributes: [...query.attributes, { scope, key: dimension.key, op: 'equals', value: value.value }] };
}

export function sourceLabel(source: BubbleUpDimension['source']): string {
  return source === 'FIELD' ? 'field' : source === 'RESOURCE_ATTRIBUTE' ? 'resource attribute' : 'span attribute';
}

/** A share (0..1) as a percentage with one decimal below 10 %. */
export function percent(share: number): string {
  const value = share * 100;
  if (value > 0 && value < 0.1) {
    return '<0.1%';
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)}%`;
}
