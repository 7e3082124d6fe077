import { useMemo } from 'react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { Heatmap } from '../../lib/charts/Heatmap';
import { useHeatmap } from './explore';
import type { ExploreQuery, Selection } from './exploreState';
import { formatMs } from './format';
import { bucketsOf, totalOf } from './heatmapData';
import { NoDataYet } from './NoDataYet';
import { SelectionForm } from './SelectionForm';
import { type SpanFilterBody, hasFilters } from './spanFilter';

interface Props {
  project: string;
  query: ExploreQuery;
  filter: SpanFilterBody;
  selection: Selection | undefined;
  onSelect: (selection: Selection | undefined) => void;
}

/** The query's spans by start time and duration; a brushed region is the selection. */
export function HeatmapPanel({ project, query, filter, selection, onSelect }: Props) {
  const heatmap = useHeatmap(project, filter);
  const buckets = useMemo(() => (heatmap.data === undefined ? undefined : bucketsOf(heatmap.data)), [heatmap.data]);
  const total = heatmap.data === undefined ? 0 : totalOf(heatmap.data);

  let body;
  if (heatmap.isPending) {
    body = <Loading what="the duration heatmap" />;
  } else if (heatmap.isError) {
    body = <ErrorState error={heatmap.error} onRetry={() => void heatmap.refetch()} />;
  } else if (total === 0 || buckets === undefined) {
    body = hasFilters(query) ? (
      <Empty title="No spans match this query">
        <p>Widen the time range, or remove a filter: each one must hold for a span to count.</p>
      </Empty>
    ) : (
      <NoDataYet />
    );
  } else {
    body = (
      <>
        <p className="quiet">
          {total.toLocaleString('en')} spans{heatmap.isFetching ? ' (updating…)' : ''}. Time runs left to right in UTC, duration
          bottom to top on a log scale; the darker a cell, the more spans. Drag a rectangle over the spans to explain, or enter
          the region below.
        </p>
        <Heatmap
          buckets={buckets}
          label={`Duration heatmap of ${total} spans from ${filter.from} to ${filter.to}${selectionText(selection)}`}
          selection={selection}
          onBrush={onSelect}
        />
        <SelectionForm selection={selection} onApply={onSelect} onClear={() => onSelect(undefined)} />
      </>
    );
  }
  return (
    <section className="explore-panel" aria-labelledby="explore-heatmap-title">
      <h3 id="explore-heatmap-title">Duration heatmap</h3>
      {body}
    </section>
  );
}

function selectionText(selection: Selection | undefined): string {
  if (selection === undefined) {
    return '';
  }
  const time = selection.from === undefined && selection.to === undefined ? '' : ' in a time range';
  const min = selection.minMs === undefined ? '' : ` from ${formatMs(selection.minMs)}`;
  const max = selection.maxMs === undefined ? '' : ` up to ${formatMs(selection.maxMs)}`;
  return `; selected: spans${time}${min}${max}`;
}
