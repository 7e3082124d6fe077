import { Empty, ErrorState, Loading } from '../../app/states';
import { NO_DIFFERENCE_BELOW, percent, sourceLabel, withValueAsFilter } from './bubbleUp';
import { type BubbleUpDimension, useBubbleUp } from './explore';
import type { ExploreQuery, Selection } from './exploreState';
import { type SpanFilterBody, selectionBodyOf } from './spanFilter';

interface Props {
  project: string;
  query: ExploreQuery;
  filter: SpanFilterBody;
  selection: Selection;
  /** Called with the query narrowed by a clicked value. */
  onQuery: (query: ExploreQuery) => void;
}

/** What sets the selected spans apart from the rest of the query's: the top dimensions as bars. */
export function BubbleUpPanel({ project, query, filter, selection, onQuery }: Props) {
  const bubbleUp = useBubbleUp(project, filter, selectionBodyOf(selection));
  let body;
  if (bubbleUp.isPending) {
    body = <Loading what="BubbleUp" />;
  } else if (bubbleUp.isError) {
    body = <ErrorState error={bubbleUp.error} onRetry={() => void bubbleUp.refetch()} />;
  } else if (bubbleUp.data.selectionSpans === 0) {
    body = (
      <Empty title="No spans in the selection">
        <p>Select a region of the heatmap that holds coloured cells.</p>
      </Empty>
    );
  } else {
    const { selectionSpans, baselineSpans, sampled, dimensions } = bubbleUp.data;
    const notable = (dimensions[0]?.score ?? 0) >= NO_DIFFERENCE_BELOW;
    body = (
      <>
        <p className="quiet">
          {selectionSpans.toLocaleString('en')} selected spans against the other {baselineSpans.toLocaleString('en')} of the
          query{sampled ? ' (counted from a sample)' : ''}, the most telling dimension first.{' '}
          {notable ? 'Click a value to add it as a filter.' : 'No dimension sets the selection apart notably.'}
        </p>
        <p className="explore-legend" aria-hidden="true">
          <span className="explore-swatch selected" /> selection <span className="explore-swatch baseline" /> baseline
        </p>
        <div className="explore-dimensions">
          {dimensions.map((dimension) => (
            <DimensionBars key={`${dimension.source}:${dimension.key}`} dimension={dimension} query={query} onQuery={onQuery} />
          ))}
        </div>
      </>
    );
  }
  return (
    <section className="explore-panel" data-testid="bubbleup" aria-labelledby="explore-bubbleup-title">
      <h3 id="explore-bubbleup-title">BubbleUp: what sets the selection apart</h3>
      {body}
    </section>
  );
}

function DimensionBars({ dimension, query, onQuery }: { dimension: BubbleUpDimension; query: ExploreQuery; onQuery: (query: ExploreQuery) => void }) {
  return (
    <figure className="explore-dimension" data-testid="bubbleup-dimension" data-key={dimension.key}>
      <figcaption>
        <strong>{dimension.key}</strong> <span className="quiet">{sourceLabel(dimension.source)} · score {dimension.score.toFixed(2)}</span>
      </figcaption>
      <ul>
        {dimension.values.map((value) => {
          const narrowed = withValueAsFilter(query, dimension, value);
          const shares = `${percent(value.selectionShare)} of the selection, ${percent(value.baselineShare)} of the baseline`;
          return (
            <li key={value.value} data-value={value.value}>
              <button
                type="button"
                className="explore-value"
                disabled={narrowed === undefined}
                title={narrowed === undefined ? 'This value cannot be a filter, or is one already' : `Add ${dimension.key} = ${value.value} as a filter`}
                aria-label={`${value.value}: ${shares}${narrowed === undefined ? '' : '; add as a filter'}`}
                onClick={() => narrowed !== undefined && onQuery(narrowed)}
              >
                {value.value}
              </button>
              <span className="explore-bars" aria-hidden="true">
                <span className="explore-bar selected" style={{ width: `${value.selectionShare * 100}%` }} />
                <span className="explore-bar baseline" style={{ width: `${value.baselineShare * 100}%` }} />
              </span>
              <span className="explore-shares" aria-hidden="true">
                {percent(value.selectionShare)} / {percent(value.baselineShare)}
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
