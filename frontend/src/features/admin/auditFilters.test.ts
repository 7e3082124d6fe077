import { describe, expect, it } from 'vitest';
import {
  actionLabel,
  actorChoice,
  actorFilter,
  auditCsvQuery,
  auditQuery,
  type AuditFilters,
  changeFilters,
  formatAuditFilters,
  fromLocalInput,
  lastHours,
  parseAuditFilters,
  summaryParts,
  toLocalInput,
} from './auditFilters';

const USER = '2548ce7d-36d8-46df-b1db-ecc44c39114c';

describe('the audit filters live in the URL', () => {
  const views: AuditFilters[] = [
    {},
    { action: 'api_key_created' },
    { actorKind: 'user', actorId: USER },
    { actorKind: 'system' },
    { from: '2026-12-07T00:00:00.000Z', to: '2026-12-08T00:00:00.000Z' },
    {
      actorKind: 'api_key',
      action: 'member_removed',
      from: '2026-12-01T10:30:00.000Z',
      cursor: 'eyJpZCI6IDQyfQ==',
    },
  ];

  it.each(views)('reads back what it wrote: %o', (filters) => {
    expect(parseAuditFilters(formatAuditFilters(filters))).toEqual(filters);
  });

  it('writes the same link for the same view, whatever order the filters were set in', () => {
    const a = formatAuditFilters({ to: '2026-12-08T00:00:00.000Z', action: 'member_removed', actorKind: 'user' });
    const b = formatAuditFilters({ actorKind: 'user', action: 'member_removed', to: '2026-12-08T00:00:00.000Z' });
    expect(a.toString()).toBe(b.toString());
    expect(a.toString()).toBe('actorKind=user&action=member_removed&to=2026-12-08T00%3A00%3A00.000Z');
  });

  it('keeps a canonical link as it is', () => {
    const link = `actorKind=user&actorId=${USER}&action=invitation_created&from=2026-12-07T00%3A00%3A00.000Z`;
    expect(formatAuditFilters(parseAuditFilters(new URLSearchParams(link))).toString()).toBe(link);
  });

  it('leaves out what the service would refuse: an unknown action or actor kind, a bad id or date', () => {
    const params = new URLSearchParams('action=nope&actorKind=robot&actorId=42&from=yesterday&to=');
    expect(parseAuditFilters(params)).toEqual({});
  });

  it('reads a date without milliseconds or with an offset as the same instant', () => {
    const params = new URLSearchParams('from=2026-12-07T01:00:00%2B01:00');
    expect(parseAuditFilters(params).from).toBe('2026-12-07T00:00:00.000Z');
  });
});

describe('the audit API query', () => {
  it('carries the filters, the page size and the cursor', () => {
    expect(auditQuery({ action: 'api_key_revoked', cursor: 'c1' }, 25)).toBe('action=api_key_revoked&cursor=c1&limit=25');
  });

  it('exports every entry of the filters as CSV, not one page', () => {
    expect(auditCsvQuery({ action: 'api_key_revoked', cursor: 'c1' })).toBe('action=api_key_revoked');
  });

  it('starts again at the newest entries when a filter changes', () => {
    expect(changeFilters({ action: 'member_removed', cursor: 'c1' }, { actorKind: 'system' })).toEqual({
      action: 'member_removed',
      actorKind: 'system',
    });
    expect(changeFilters({ action: 'member_removed' }, { action: undefined })).toEqual({});
  });

  it('makes "the last 24 hours" from now, open at the end', () => {
    expect(lastHours(24, new Date('2026-12-08T12:00:00Z'))).toEqual({ from: '2026-12-07T12:00:00.000Z', to: undefined });
  });
});

describe('the time inputs', () => {
  it('show an instant in local time and read it back', () => {
    const instant = '2026-12-07T09:45:00.000Z';
    expect(toLocalInput(instant)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(fromLocalInput(toLocalInput(instant))).toBe(instant);
  });

  it('read an empty input as no bound', () => {
    expect(fromLocalInput('')).toBeUndefined();
    expect(toLocalInput(undefined)).toBe('');
  });
});

describe('an audit entry as a person reads it', () => {
  it('names the action in words', () => {
    expect(actionLabel('api_key_created')).toBe('API key created');
    expect(actionLabel('member_role_changed')).toBe('Member role changed');
  });

  it('shows the summary object as pairs, null as a dash', () => {
    expect(summaryParts('{"role": "VIEWER", "email": "viewer@demo.local", "previousRole": null}')).toEqual([
      ['role', 'VIEWER'],
      ['email', 'viewer@demo.local'],
      ['previousRole', '—'],
    ]);
  });

  it('shows a summary that is not an object as its text', () => {
    expect(summaryParts('renamed')).toBe('renamed');
    expect(summaryParts('[1, 2]')).toBe('[1, 2]');
    expect(summaryParts(null)).toBe('');
  });
});

describe('the actor select', () => {
  it.each(['', 'user', `user:${USER}`, 'api_key', 'system'])('stands for filters that give it back: %s', (choice) => {
    expect(actorChoice({ ...actorFilter(choice) })).toBe(choice);
  });

  it('picks a person by kind and id', () => {
    expect(actorFilter(`user:${USER}`)).toEqual({ actorKind: 'user', actorId: USER });
    expect(actorFilter('')).toEqual({ actorKind: undefined, actorId: undefined });
  });
});
