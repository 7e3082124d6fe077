/**
 * The evals pages' place in the URL: the list at /w/{workspace}/evals, a run at …/evals/{run}, and
 * on a run's page its filters and the scenarios opened: `?outcome=pass|fail` (all when absent),
 * `?category=`, `?tag=`, and `?open=<scenario>` once per scenario opened. Pure, so the round trip is tested.
 */
import { pathOf } from '../../app/paths';

export const OUTCOME_FILTERS = ['all', 'pass', 'fail'] as const;
export type OutcomeFilter = (typeof OUTCOME_FILTERS)[number];

export interface RunView {
  outcome: OutcomeFilter;
  category?: string;
  tag?: string;
  /** The scenarios shown with their questions, by name. */
  open: string[];
}

/** Names as the suite writes them (healthy-01, error-spike, asks-feature); anything else is ignored. */
const NAME = /^[0-9A-Za-z][0-9A-Za-z._:-]{0,99}$/;

export function runPath(workspace: string, run: string): string {
  return `${pathOf({ workspace, page: 'evals' })}/${encodeURIComponent(run)}`;
}

export function parseRunView(params: URLSearchParams): RunView {
  const outcome = OUTCOME_FILTERS.find((o) => o === params.get('outcome')) ?? 'all';
  const view: RunView = { outcome, open: [...new Set(params.getAll('open').filter((name) => NAME.test(name)))] };
  const category = params.get('category') ?? '';
  const tag = params.get('tag') ?? '';
  if (NAME.test(category)) {
    view.category = category;
  }
  if (NAME.test(tag)) {
    view.tag = tag;
  }
  return view;
}

export function formatRunView(view: RunView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.outcome !== 'all') {
    params.set('outcome', view.outcome);
  }
  if (view.category !== undefined) {
    params.set('category', view.category);
  }
  if (view.tag !== undefined) {
    params.set('tag', view.tag);
  }
  for (const name of view.open) {
    params.append('open', name);
  }
  return params;
}

/** The view with the scenario opened, or closed when it was open. */
export function toggleOpen(view: RunView, scenario: string): RunView {
  const open = view.open.includes(scenario) ? view.open.filter((name) => name !== scenario) : [...view.open, scenario];
  return { ...view, open };
}

/** The view with the scenario opened and its filters cleared, so it is listed (a regression's link). */
export function showScenario(view: RunView, scenario: string): RunView {
  return { outcome: 'all', open: view.open.includes(scenario) ? view.open : [...view.open, scenario] };
}
