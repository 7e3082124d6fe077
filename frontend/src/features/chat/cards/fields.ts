/** Reading untyped JSON fields without trusting their types. */

export type Fields = Record<string, unknown>;

export const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
export const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
export const str = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const numbers = (value: unknown): (number | null)[] => list(value).map((v) => num(v) ?? null);
/** An ISO-8601 time as Unix seconds. */
export const time = (iso: unknown): number => Date.parse(str(iso)) / 1000;

export function keyOf(value: unknown): Record<string, string> {
  return isFields(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, str(v)])) : {};
}

/** Objects of a list as rows of text, the named columns only. */
export function records(value: unknown, columns: string[]): Record<string, string>[] {
  return list(value)
    .filter(isFields)
    .map((row) => Object.fromEntries(columns.map((column) => [column, str(row[column])])));
}
