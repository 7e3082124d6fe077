import { useMemo } from 'react';
import { ErrorState, Loading } from '../../app/states';
import { LineChart } from '../../lib/charts/LineChart';
import { sloColumns } from './sloForm';
import { type SloBody, useSloPreview } from './slos';

/** The SLO over the last day: the burn rate per hour against the fast alert's factor. */
export function SloPreviewChart({ project, body }: { project: string; body: SloBody | undefined }) {
  const preview = useSloPreview(project, body);
  const columns = useMemo(() => (preview.data === undefined ? undefined : sloColumns(preview.data)), [preview.data]);
  if (body === undefined) {
    return <p className="quiet">Fill in the objective and the spans it counts, then preview.</p>;
  }
  if (preview.isPending) {
    return <Loading what="the SLO over the last day" />;
  }
  if (preview.isError) {
    return <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />;
  }
  if (columns === undefined || columns.x.length === 0) {
    return <p className="quiet">No spans match over the last day: check the service, the span name and the filters.</p>;
  }
  return (
    <div className="rule-preview" data-testid="slo-preview" data-points={columns.x.length} data-burning={columns.burning}>
      <LineChart x={columns.x} series={columns.series} title="Burn rate per hour over the last day" height={200} />
      <p className="quiet" role="status">
        {columns.burning === 0
          ? 'The budget never burned as fast as the fast alert fires at, over the last day.'
          : `${columns.burning} of ${columns.x.length} hours burned the budget at least as fast as the fast alert fires at.`}
      </p>
    </div>
  );
}
