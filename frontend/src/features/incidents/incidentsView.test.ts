import { describe, expect, it } from 'vitest';
import { formatIncidentsView, incidentSearch, type IncidentsView, parseIncidentsView } from './incidentsView';

const read = (search: string) => parseIncidentsView(new URLSearchParams(search));

describe('the incidents page in the URL', () => {
  const views: IncidentsView[] = [
    { status: 'open' },
    { status: 'resolved' },
    { status: 'all', incident: '0192f0c4-5a1e-7c3b-9d2e-1f2a3b4c5d6e' },
    { status: 'open', incident: 'abc' },
  ];

  it.each(views)('reads back what it wrote: %o', (view) => {
    expect(parseIncidentsView(formatIncidentsView(view))).toEqual(view);
  });

  it('lists the open incidents when the URL says nothing, and writes nothing for them', () => {
    expect(read('')).toEqual({ status: 'open' });
    expect(formatIncidentsView({ status: 'open' }).toString()).toBe('');
  });

  it('reads an unknown filter as open and a malformed incident id as none', () => {
    expect(read('status=closed&incident=../../etc')).toEqual({ status: 'open' });
  });

  it('links an incident from another page with every status, so a resolved one is listed too', () => {
    expect(incidentSearch('i-1')).toBe('?status=all&incident=i-1');
  });
});
