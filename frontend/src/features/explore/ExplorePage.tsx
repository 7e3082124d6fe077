import { Empty } from '../../app/states';

/** Placeholder until this page lands (issue 15). */
export default function ExplorePage() {
  return (
    <Empty title="Trace explorer">
      <p>search traces, a duration heatmap, and BubbleUp on a brushed region: this page is coming.</p>
    </Empty>
  );
}
