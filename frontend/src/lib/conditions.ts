/**
 * Attribute conditions as one line of text, the live tail API's syntax: `key=value`,
 * `key!=value`, `key~value` (contains) or `key` (exists). The URL keeps them that way
 * (`attr=` for a record's attributes, `rattr=` for its resource's), and the search APIs get
 * them as `{scope, key, op, value}`.
 */

export type Scope = 'record' | 'resource';
export type Op = 'equals' | 'not_equals' | 'contains' | 'exists';

export interface Condition {
  scope: Scope;
  key: string;
  op: Op;
  value: string;
}

/** The body the search and metric APIs take. */
export interface AttributeFilterBody {
  scope: Scope;
  key: string;
  op: Op;
  value?: string;
}

const PARAM: Record<Scope, string> = { record: 'attr', resource: 'rattr' };
const OPERATORS: readonly (readonly [string, Op])[] = [
  ['!=', 'not_equals'],
  ['~', 'contains'],
  ['=', 'equals'],
];

/** The condition a line states, or undefined when it names no key. Splits at the first operator. */
export function parseCondition(text: string, scope: Scope = 'record'): Condition | undefined {
  let first: { index: number; operator: string; op: Op } | undefined;
  for (const [operator, op] of OPERATORS) {
    const index = text.indexOf(operator);
    if (index >= 0 && (first === undefined || index < first.index)) {
      first = { index, operator, op };
    }
  }
  if (first === undefined) {
    const key = text.trim();
    return key === '' ? undefined : { scope, key, op: 'exists', value: '' };
  }
  const key = text.slice(0, first.index).trim();
  return key === '' ? undefined : { scope, key, op: first.op, value: text.slice(first.index + first.operator.length) };
}

export function formatCondition(condition: Condition): string {
  switch (condition.op) {
    case 'exists':
      return condition.key;
    case 'not_equals':
      return `${condition.key}!=${condition.value}`;
    case 'contains':
      return `${condition.key}~${condition.value}`;
    case 'equals':
      return `${condition.key}=${condition.value}`;
  }
}

export function readConditions(params: URLSearchParams): Condition[] {
  const read = (scope: Scope) =>
    params
      .getAll(PARAM[scope])
      .map((text) => parseCondition(text, scope))
      .filter((c): c is Condition => c !== undefined);
  return [...read('record'), ...read('resource')];
}

export function writeConditions(params: URLSearchParams, conditions: readonly Condition[]): URLSearchParams {
  params.delete(PARAM.record);
  params.delete(PARAM.resource);
  for (const condition of conditions) {
    params.append(PARAM[condition.scope], formatCondition(condition));
  }
  return params;
}

export function toFilterBody(condition: Condition): AttributeFilterBody {
  const { scope, key, op, value } = condition;
  return op === 'exists' ? { scope, key, op } : { scope, key, op, value };
}

/** The live tail's query parameters: `attribute=…` and `resourceAttribute=…`. */
export function appendTailConditions(params: URLSearchParams, conditions: readonly Condition[]): URLSearchParams {
  for (const condition of conditions) {
    params.append(condition.scope === 'record' ? 'attribute' : 'resourceAttribute', formatCondition(condition));
  }
  return params;
}
