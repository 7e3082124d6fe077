import { memo } from 'react';
import { formatDuration } from './format';
import type { WaterfallRow } from './layout';
import type { SpanRow } from './types';

/** Pixels; the virtualiser places rows by it. Keep in step with `.trace-row` in styles.css. */
export const ROW_HEIGHT = 26;
/** Deeper spans stop indenting, so the name stays readable; the depth is in the row's title. */
const MAX_INDENT = 20;

interface Props {
  row: WaterfallRow<SpanRow>;
  /** The service's colour. */
  color: string;
  /** Pixels from the top of the list. */
  top: number;
  /** 1-based place among the rows shown, and how many are shown. */
  position: number;
  count: number;
  selected: boolean;
  collapsed: boolean;
  onSelect: (row: number) => void;
  onToggle: (spanId: string) => void;
}

type LabelPlace = 'after' | 'before' | 'inside';

/** The duration goes after the bar if there is room, else before it, else inside its end. */
function labelPlace(row: WaterfallRow<SpanRow>): LabelPlace {
  return row.offset + row.width <= 0.75 ? 'after' : row.offset >= 0.2 ? 'before' : 'inside';
}

function labelStyle(place: LabelPlace, row: WaterfallRow<SpanRow>) {
  switch (place) {
    case 'after':
      return { left: `${(row.offset + row.width) * 100}%` };
    case 'before':
      return { right: `${(1 - row.offset) * 100}%` };
    case 'inside':
      return { right: `${(1 - row.offset - row.width) * 100}%` };
  }
}

/** One span: the tree column (toggle, error mark, service and name) and its bar on the time axis. */
export const WaterfallRowView = memo(function WaterfallRowView({
  row,
  color,
  top,
  position,
  count,
  selected,
  collapsed,
  onSelect,
  onToggle,
}: Props) {
  const { span } = row;
  const place = labelPlace(row);
  const label = formatDuration(row.durationNanos);
  const hidden = row.subtreeEnd - row.index - 1;
  return (
    <div
      className={`trace-row${selected ? ' selected' : ''}${row.error ? ' error' : ''}`}
      role="listitem"
      aria-posinset={position}
      aria-setsize={count}
      data-testid="span-row"
      data-span-id={span.spanId}
      data-critical={row.critical ? 'true' : 'false'}
      data-error={row.error ? 'true' : 'false'}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(row.index)}
    >
      <div
        className="trace-row-name"
        style={{ paddingLeft: `${Math.min(row.depth, MAX_INDENT) * 0.6 + 0.25}rem` }}
        title={`${span.serviceName}: ${span.name} (depth ${row.depth}${row.orphan ? ', parent span missing' : ''})`}
      >
        {row.childCount > 0 ? (
          <button
            type="button"
            className="trace-toggle"
            aria-expanded={!collapsed}
            aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${span.name} (${hidden} below)`}
            onClick={(event) => {
              event.stopPropagation();
              onToggle(span.spanId);
            }}
          >
            {collapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className="trace-toggle" />
        )}
        {row.error && (
          <span className="trace-error-icon" role="img" aria-label="error">
            !
          </span>
        )}
        <button
          type="button"
          className="trace-select"
          aria-current={selected ? 'true' : undefined}
          onClick={(event) => {
            event.stopPropagation();
            onSelect(row.index);
          }}
        >
          <span className="trace-service" style={{ borderColor: color }}>
            {span.serviceName}
          </span>{' '}
          {span.name}
          {collapsed && <span className="trace-hidden"> +{hidden}</span>}
          {row.orphan && <span className="trace-orphan"> (orphan)</span>}
        </button>
      </div>
      <div className="trace-row-bar">
        <span
          className={`trace-bar${row.critical ? ' critical' : ''}`}
          style={{ left: `${row.offset * 100}%`, width: `${row.width * 100}%`, background: color }}
        >
          {row.criticalSegments.map(([from, to]) => (
            <span key={from} className="trace-critical" style={{ left: `${from * 100}%`, width: `${(to - from) * 100}%` }} />
          ))}
        </span>
        <span className={`trace-duration${place === 'inside' ? ' inside' : ''}`} style={labelStyle(place, row)}>
          {label}
          {row.critical && <span className="visually-hidden">, on the critical path</span>}
        </span>
      </div>
    </div>
  );
});
