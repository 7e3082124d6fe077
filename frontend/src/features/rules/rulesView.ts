/**
 * The rules page's place in the URL: the rule being edited, `?rule=<id>`, or a new one,
 * `?rule=new`; none for the list alone. Pure, so the round trip is tested.
 */

export type RuleSelection = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; id: string };

const ID = /^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$/;

export function parseRulesView(params: URLSearchParams): RuleSelection {
  const rule = params.get('rule') ?? '';
  if (rule === 'new') {
    return { kind: 'new' };
  }
  return ID.test(rule) ? { kind: 'edit', id: rule } : { kind: 'none' };
}

export function formatRulesView(selection: RuleSelection): URLSearchParams {
  const params = new URLSearchParams();
  if (selection.kind === 'new') {
    params.set('rule', 'new');
  } else if (selection.kind === 'edit') {
    params.set('rule', selection.id);
  }
  return params;
}

/** The rule page's search for a selection, as a link's `to`. */
export function ruleSearch(selection: RuleSelection): string {
  const params = formatRulesView(selection).toString();
  return params === '' ? '?' : `?${params}`;
}
