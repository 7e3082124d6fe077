import { useMemo } from 'react';
import { ErrorState, Loading } from '../../app/states';
import { LineChart } from '../../lib/charts/LineChart';
import { previewColumns } from './previewChart';
import { type RuleBody, usePreview } from './rules';

interface Props {
  project: string;
  /** The rule to preview; undefined before there is one to ask about. */
  body: RuleBody | undefined;
  title: string;
  testId?: string;
}

/** The rule's query over the last day against its threshold or baseline, the breaching points marked. */
export function PreviewChart({ project, body, title, testId = 'rule-preview' }: Props) {
  const preview = usePreview(project, body);
  // The body is often built anew on each render: the chart redraws only when the condition's words change.
  const condition = JSON.stringify(body?.condition ?? null);
  const columns = useMemo(
    () => (preview.data === undefined ? undefined : previewColumns(preview.data, body?.condition)),
    [preview.data, condition],
  );
  if (body === undefined) {
    return <p className="quiet">Fill in the measure and the condition, then preview.</p>;
  }
  if (preview.isPending) {
    return <Loading what="the preview over the last day" />;
  }
  if (preview.isError) {
    return <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />;
  }
  if (columns === undefined || columns.x.length === 0) {
    return <p className="quiet">No data for this query over the last day: check the service and the filters.</p>;
  }
  return (
    <div className="rule-preview" data-testid={testId} data-points={columns.x.length} data-breaching={columns.breaching}>
      <LineChart x={columns.x} series={columns.series} title={title} height={200} />
      <p className="quiet" role="status">
        {columns.groups > 1 && `The largest of ${columns.groups} groups (${columns.group}). `}
        {columns.breaching === 0
          ? 'It would not have fired in the last day.'
          : `${columns.breaching} of ${columns.x.length} evaluations in the last day breach the condition.`}
        {preview.isFetching && ' Updating…'}
      </p>
    </div>
  );
}
