import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { type LogRow, logKey } from './logs';
import { LogRecord } from './LogRecord';

interface Props {
  logs: readonly LogRow[];
  workspace: string;
  project: string;
  /** Called when the last rows come into view, to load older ones. */
  onNearEnd?: () => void;
}

/** Log records in a virtualised list: only the rows in view are drawn, expanded ones measured. */
export function LogList({ logs, workspace, project, onNearEnd }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const virtualizer = useVirtualizer({
    count: logs.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 34,
    overscan: 12,
    getItemKey: (index) => {
      const log = logs[index];
      return log === undefined ? index : logKey(log);
    },
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (onNearEnd !== undefined && logs.length > 0 && last >= logs.length - 10) {
      onNearEnd();
    }
  }, [last, logs.length, onNearEnd]);

  function toggle(key: string) {
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(key)) {
        next.add(key);
      }
      return next;
    });
  }

  return (
    <div ref={scroller} className="logs-list" data-testid="log-list" role="list" aria-label="Log records" tabIndex={0}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const log = logs[item.index];
          if (log === undefined) {
            return null;
          }
          const key = logKey(log);
          return (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              data-testid="log-row"
              role="listitem"
              className="logs-row"
              style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}
            >
              <LogRecord
                log={log}
                workspace={workspace}
                project={project}
                expanded={expanded.has(key)}
                onToggle={() => toggle(key)}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
