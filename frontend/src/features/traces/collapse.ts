/**
 * Which rows the waterfall shows: collapsed subtrees are skipped in one step each, and "critical
 * path only" keeps the spans on the path. O(rows shown + subtrees skipped).
 */
import type { LayoutSpan, TraceLayout } from './layout';

/**
 * Collapse as a default and its exceptions: `all` false with `toggled` = the collapsed spans, or
 * `all` true (collapse all) with `toggled` = the spans expanded since. Small either way.
 */
export interface CollapseState {
  all: boolean;
  toggled: ReadonlySet<string>;
}

export const EXPANDED: CollapseState = { all: false, toggled: new Set() };
export const COLLAPSED: CollapseState = { all: true, toggled: new Set() };

export function isCollapsed(state: CollapseState, spanId: string): boolean {
  return state.all !== state.toggled.has(spanId);
}

export function toggle(state: CollapseState, spanId: string): CollapseState {
  const toggled = new Set(state.toggled);
  if (!toggled.delete(spanId)) {
    toggled.add(spanId);
  }
  return { all: state.all, toggled };
}

/** The rows to draw, as indices into the layout's rows. */
export function visibleRows(layout: TraceLayout, collapse: CollapseState, criticalOnly: boolean): number[] {
  const shown: number[] = [];
  const rows = layout.rows;
  let i = 0;
  while (i < rows.length) {
    const row = rows[i]!;
    if (criticalOnly && !row.critical) {
      // The path runs down from a root, so nothing below a span off the path is on it.
      i = row.subtreeEnd;
      continue;
    }
    shown.push(i);
    i = row.childCount > 0 && isCollapsed(collapse, row.span.spanId) ? row.subtreeEnd : i + 1;
  }
  return shown;
}

/** The collapse state with every ancestor of `row` expanded, so the row is shown. */
export function reveal<S extends LayoutSpan>(layout: TraceLayout<S>, collapse: CollapseState, row: number): CollapseState {
  let next = collapse;
  for (let parent = layout.rows[row]?.parent ?? -1; parent >= 0; parent = layout.rows[parent]?.parent ?? -1) {
    const id = layout.rows[parent]?.span.spanId;
    if (id !== undefined && isCollapsed(next, id)) {
      next = toggle(next, id);
    }
  }
  return next;
}
