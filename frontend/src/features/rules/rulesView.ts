/**
 * The rules page's place in the URL: the rule being edited, `?rule=<id>`, or a new one,
 * `?rule=new`; likewise an SLO, `?slo=<id>` or `?slo=new`; none for the lists alone. One editor
 * at a time. Pure, so the round trip is tested.
 */

export type RuleSelection =
  | { kind: 'none' }
  | { kind: 'new' }
  | { kind: 'edit'; id: string }
  | { kind: 'new-slo' }
  | { kind: 'slo'; id: string };

const ID = /^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$/;

export function parseRulesView(params: URLSearchParams): RuleSelection {
  const rule = params.get('rule') ?? '';
  if (rule === 'new') {
    return { kind: 'new' };
  }
  if (ID.test(rule)) {
    return { kind: 'edit', id: rule };
  }
  const slo = params.get('slo') ?? '';
  if (slo === 'new') {
    return { kind: 'new-slo' };
  }
  return ID.test(slo) ? { kind: 'slo', id: slo } : { kind: 'none' };
}

export function formatRulesView(selection: RuleSelection): URLSearchParams {
  const params = new URLSearchParams();
  switch (selection.kind) {
    case 'new':
      params.set('rule', 'new');
      break;
    case 'edit':
      params.set('rule', selection.id);
      break;
    case 'new-slo':
      params.set('slo', 'new');
      break;
    case 'slo':
      params.set('slo', selection.id);
      break;
    case 'none':
      break;
  }
  return params;
}

/** The rule page's search for a selection, as a link's `to`. */
export function ruleSearch(selection: RuleSelection): string {
  const params = formatRulesView(selection).toString();
  return params === '' ? '?' : `?${params}`;
}
