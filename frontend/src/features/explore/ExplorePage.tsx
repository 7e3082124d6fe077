import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useProject } from '../../app/Shell';
import { BubbleUpPanel } from './BubbleUpPanel';
import { type ExploreQuery, type ExploreState, type Selection, formatExploreState, parseExploreState, queryKeyOf, windowOf } from './exploreState';
import { HeatmapPanel } from './HeatmapPanel';
import { QueryBuilder } from './QueryBuilder';
import { clampToWindow, filterOf, narrowToSelection } from './spanFilter';
import { TraceResults } from './TraceResults';

/**
 * The trace explorer: a query, its spans as a duration heatmap over time, BubbleUp on a
 * brushed region, and the traces. Everything it shows is in the URL (see exploreState.ts).
 */
export default function ExplorePage() {
  const project = useProject();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseExploreState(params), [params]);
  const key = queryKeyOf(state);
  // A preset ("the last hour") is anchored when its query is first shown, and again on Run.
  const [anchor, setAnchor] = useState({ key, at: Date.now() });
  if (anchor.key !== key) {
    setAnchor({ key, at: Date.now() });
  }
  const timeWindow = useMemo(() => windowOf(state.range, anchor.at), [state.range, anchor.at]);
  const filter = useMemo(() => filterOf(state, timeWindow), [state, timeWindow]);
  const listed = state.selection === undefined ? filter : narrowToSelection(filter, state.selection);

  const show = (next: ExploreState) => setParams(formatExploreState(next));
  const run = (query: ExploreQuery) => {
    const sameRange = JSON.stringify(query.range) === JSON.stringify(state.range);
    show({ ...state, ...query, selection: sameRange ? state.selection : undefined });
    if (queryKeyOf(query) === key) {
      setAnchor({ key, at: Date.now() });
    }
  };
  // A region is absolute, so a preset becomes the window it was brushed on: the link then
  // shows the same spans tomorrow.
  const select = (selection: Selection | undefined) =>
    show(
      selection === undefined
        ? { ...state, selection }
        : { ...state, range: { ...timeWindow }, selection: clampToWindow(selection, timeWindow) },
    );

  return (
    <section className="explore" aria-labelledby="explore-title">
      <h2 id="explore-title">Trace explorer</h2>
      <QueryBuilder key={`${key}@${anchor.at}`} project={project.id} query={state} timeWindow={timeWindow} onRun={run} />
      <HeatmapPanel project={project.id} query={state} filter={filter} selection={state.selection} onSelect={select} />
      {state.selection !== undefined && (
        <BubbleUpPanel
          project={project.id}
          query={state}
          filter={filter}
          selection={state.selection}
          onQuery={(query) => show({ ...state, ...query })}
        />
      )}
      <TraceResults
        project={project.id}
        filter={listed}
        sort={state.sort}
        inSelection={state.selection !== undefined}
        onSort={(sort) => show({ ...state, sort })}
      />
    </section>
  );
}
