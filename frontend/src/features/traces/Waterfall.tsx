import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useRef } from 'react';
import { type CollapseState, isCollapsed } from './collapse';
import { serviceColor } from './colors';
import { axisTicks } from './format';
import type { TraceLayout } from './layout';
import type { SpanRow } from './types';
import { ROW_HEIGHT, WaterfallRowView } from './WaterfallRow';

export interface WaterfallProps {
  layout: TraceLayout<SpanRow>;
  /** Each service's colour. */
  colors: ReadonlyMap<string, string>;
  /** The rows shown, as indices into the layout's rows. */
  visible: readonly number[];
  selected: number | undefined;
  collapse: CollapseState;
  onSelect: (row: number) => void;
  onToggle: (spanId: string) => void;
}

/**
 * The waterfall, virtualised: only the rows in view (and a few more) are in the document, so a
 * trace of 10,000 spans scrolls like one of ten. Each row only draws what the layout computed.
 * Arrow keys move the selection; left and right collapse and expand.
 */
export function Waterfall({ layout, colors, visible, selected, collapse, onSelect, onToggle }: WaterfallProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
  });
  const position = selected === undefined ? -1 : visible.indexOf(selected);

  useEffect(() => {
    if (position >= 0) {
      virtualizer.scrollToIndex(position, { align: 'auto' });
    }
  }, [position, virtualizer]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const row = selected === undefined ? undefined : layout.rows[selected];
    const move = (to: number | undefined) => {
      if (to !== undefined) {
        event.preventDefault();
        onSelect(to);
      }
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(visible[Math.min(position + 1, visible.length - 1)]);
      case 'ArrowUp':
        return move(visible[Math.max(position - 1, 0)]);
      case 'ArrowLeft':
        if (row !== undefined && row.childCount > 0 && !isCollapsed(collapse, row.span.spanId)) {
          event.preventDefault();
          return onToggle(row.span.spanId);
        }
        return move(row !== undefined && row.parent >= 0 ? row.parent : undefined);
      case 'ArrowRight':
        if (row !== undefined && row.childCount > 0 && isCollapsed(collapse, row.span.spanId)) {
          event.preventDefault();
          onToggle(row.span.spanId);
        }
        return;
      default:
        return;
    }
  }

  return (
    <div className="trace-waterfall" data-testid="waterfall">
      <TimeAxis totalNanos={layout.totalNanos} />
      <div className="trace-frame">
        <div className="trace-grid" aria-hidden="true">
          {[0.25, 0.5, 0.75].map((at) => (
            <span key={at} style={{ left: `${at * 100}%` }} />
          ))}
        </div>
        <div
          ref={scroller}
          className="trace-scroll"
          tabIndex={0}
          role="group"
          aria-label={`Spans, ${visible.length} of ${layout.rows.length} shown; arrow keys move the selection`}
          onKeyDown={onKeyDown}
        >
          <div className="trace-rows" role="list" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const index = visible[item.index] ?? 0;
              const row = layout.rows[index];
              return row === undefined ? null : (
                <WaterfallRowView
                  key={row.span.spanId}
                  row={row}
                  color={colors.get(row.span.serviceName) ?? serviceColor(row.span.serviceName)}
                  top={item.start}
                  position={item.index + 1}
                  count={visible.length}
                  selected={index === selected}
                  collapsed={row.childCount > 0 && isCollapsed(collapse, row.span.spanId)}
                  onSelect={onSelect}
                  onToggle={onToggle}
                />
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}

function TimeAxis({ totalNanos }: { totalNanos: number }) {
  return (
    <div className="trace-axis">
      <span className="trace-axis-name">Service and operation</span>
      <div className="trace-axis-ticks" title="Time since the trace's start">
        {axisTicks(totalNanos).map((tick, i) => (
          <span key={tick.at} className={i % 2 === 1 ? 'trace-tick-minor' : undefined} style={{ left: `${tick.at * 100}%` }}>
            {tick.label}
          </span>
        ))}
      </div>
    </div>
  );
}
