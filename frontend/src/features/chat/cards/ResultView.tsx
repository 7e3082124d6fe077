import { BubbleUpBars } from './BubbleUpBars';
import { GroupsTable } from './GroupsTable';
import { HeatmapResult } from './HeatmapResult';
import { JsonView } from './JsonView';
import { LogList } from './LogList';
import { RecordsTable } from './RecordsTable';
import type { ResultView as View } from './results';
import { SeriesResult } from './SeriesResult';
import { Terminal } from './Terminal';

/** A tool's result drawn for its kind. */
export function ResultView({ view }: { view: View }) {
  switch (view.kind) {
    case 'groups':
      return <GroupsTable unit={view.unit} groups={view.groups} other={view.other} />;
    case 'series':
      return <SeriesResult unit={view.unit} buckets={view.buckets} series={view.series} />;
    case 'heatmap':
      return <HeatmapResult bucketSeconds={view.bucketSeconds} columns={view.columns} bounds={view.bounds} counts={view.counts} />;
    case 'bubbleup':
      return <BubbleUpBars selectionSpans={view.selectionSpans} baselineSpans={view.baselineSpans} dimensions={view.dimensions} />;
    case 'logs':
      return <LogList logs={view.logs} />;
    case 'records':
      return <RecordsTable summary={view.summary} sections={view.sections} />;
    case 'terminal':
      return <Terminal command={view.command} output={view.output} stderr={view.stderr} status={view.status} />;
    case 'json':
      return <JsonView value={view.value} />;
    case 'text':
      return <JsonView text={view.text} />;
  }
}
