import { formatNumber, formatPercent } from '../format';
import type { BubbleDimension } from './results';

const SOURCES: Record<string, string> = {
  span_attribute: 'span attribute',
  resource_attribute: 'resource',
  field: 'field',
};

/** BubbleUp: for each dimension, the share of each value in the selection against the baseline. */
export function BubbleUpBars({ selectionSpans, baselineSpans, dimensions }: { selectionSpans: number; baselineSpans: number; dimensions: BubbleDimension[] }) {
  return (
    <div className="chat-bubbleup">
      <p className="chat-legend">
        <span className="chat-swatch selection" aria-hidden="true" /> selection ({formatNumber(selectionSpans)} spans)
        <span className="chat-swatch baseline" aria-hidden="true" /> baseline ({formatNumber(baselineSpans)} spans)
      </p>
      {dimensions.map((dimension) => (
        <figure key={`${dimension.source}:${dimension.key}`} className="chat-dimension">
          <figcaption>
            <strong>{dimension.key}</strong> <span className="quiet">{SOURCES[dimension.source] ?? dimension.source} · score {formatNumber(dimension.score)}</span>
          </figcaption>
          {dimension.values.map((value) => (
            <div key={value.value} className="chat-bar-row">
              <span className="chat-bar-label" title={value.value}>{value.value}</span>
              <Bar kind="selection" share={value.selectionShare} count={value.selectionCount} />
              <Bar kind="baseline" share={value.baselineShare} count={value.baselineCount} />
            </div>
          ))}
        </figure>
      ))}
    </div>
  );
}

function Bar({ kind, share, count }: { kind: 'selection' | 'baseline'; share: number; count: number }) {
  return (
    <span className={`chat-bar ${kind}`} title={`${kind}: ${formatNumber(count)} spans`}>
      <span className="chat-bar-fill" style={{ width: `${Math.max(0, Math.min(1, share)) * 100}%` }} />
      <span className="chat-bar-text">{kind} {formatPercent(share)}</span>
    </span>
  );
}
