
interface Props {
  /** Each service's colour. */
  colors: ReadonlyMap<string, string>;
  criticalOnly: boolean;
  onCriticalOnly: (on: boolean) => void;
  onCollapseAll: () => void;
  onExpandAll: () => void;
}

/** Collapse and expand all, the critical path switch, and the legend of what the colours and marks mean. */
export function TraceToolbar({ colors, criticalOnly, onCriticalOnly, onCollapseAll, onExpandAll }: Props) {
  return (
    <div className="trace-toolbar">
      <div className="trace-actions">
        <button type="button" onClick={onCollapseAll}>
          Collapse all
        </button>
        <button type="button" onClick={onExpandAll}>
          Expand all
        </button>
        <label>
          <input type="checkbox" checked={criticalOnly} onChange={(event) => onCriticalOnly(event.target.checked)} />{' '}
          Critical path only
        </label>
      </div>
      <ul className="trace-legend" aria-label="Legend">
        {[...colors].map(([service, color]) => (
          <li key={service}>
            <span className="trace-swatch" style={{ background: color }} aria-hidden="true" />
            {service}
          </li>
        ))}
        <li>
          <span className="trace-swatch trace-swatch-critical" aria-hidden="true" />
          critical path (the line under a bar)
        </li>
        <li>
          <span className="trace-error-icon" aria-hidden="true">
            !
          </span>
          error
        </li>
      </ul>
    </div>
  );
}
