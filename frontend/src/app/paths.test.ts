import { describe, expect, it } from 'vitest';
import { pathOf, placeOf, switchProject, switchWorkspace, type Place } from './paths';

describe('the URL holds the place', () => {
  const places: Place[] = [
    { workspace: 'acme', page: 'home' },
    { workspace: 'acme', project: 'shop', page: 'home' },
    { workspace: 'acme', project: 'shop', page: 'members' },
    { workspace: 'acme', project: 'shop', page: 'usage' },
    { workspace: 'acme', page: 'billing' },
    { workspace: 'acme', project: 'shop', page: 'incidents' },
    { workspace: 'acme', project: 'shop', page: 'rules' },
    { workspace: 'acme', page: 'alerting' },
    { workspace: 'acme', page: 'approvals' },
    { workspace: 'acme', page: 'evals' },
    { workspace: '2f1c0e7a-0000-4000-8000-000000000001', project: 'a b/c', page: 'members' },
  ];

  it.each(places)('reads back what it wrote: %o', (place) => {
    expect(placeOf(pathOf(place))).toEqual(place);
  });

  it('writes the project home without a page segment', () => {
    expect(pathOf({ workspace: 'acme', project: 'shop', page: 'home' })).toBe('/w/acme/p/shop');
  });

  it('reads an unknown page as the project home', () => {
    expect(placeOf('/w/acme/p/shop/nope')).toEqual({ workspace: 'acme', project: 'shop', page: 'home' });
  });

  it('puts a workspace page under the workspace, whatever project is given', () => {
    expect(pathOf({ workspace: 'acme', page: 'billing' })).toBe('/w/acme/billing');
    expect(pathOf({ workspace: 'acme', project: 'shop', page: 'billing' })).toBe('/w/acme/billing');
    expect(placeOf('/w/acme/billing')).toEqual({ workspace: 'acme', page: 'billing' });
  });

  it('puts alerting and approvals under the workspace, incidents and rules under the project', () => {
    expect(pathOf({ workspace: 'acme', project: 'shop', page: 'alerting' })).toBe('/w/acme/alerting');
    expect(pathOf({ workspace: 'acme', project: 'shop', page: 'approvals' })).toBe('/w/acme/approvals');
    expect(pathOf({ workspace: 'acme', project: 'shop', page: 'incidents' })).toBe('/w/acme/p/shop/incidents');
    expect(placeOf('/w/acme/rules')).toEqual({ workspace: 'acme', page: 'home' });
  });

  it('puts evals under the workspace, and reads a run of them as the evals page', () => {
    expect(pathOf({ workspace: 'acme', project: 'shop', page: 'evals' })).toBe('/w/acme/evals');
    expect(placeOf('/w/acme/evals/0192f0c4-5a1e-7c3b-9d2e-1f2a3b4c5d6e')).toEqual({ workspace: 'acme', page: 'evals' });
  });

  it('reads a workspace page under a project, or a project page under the workspace, as home', () => {
    expect(placeOf('/w/acme/p/shop/billing')).toEqual({ workspace: 'acme', project: 'shop', page: 'home' });
    expect(placeOf('/w/acme/members')).toEqual({ workspace: 'acme', page: 'home' });
  });

  it('knows nothing of paths outside /w', () => {
    expect(placeOf('/')).toBeUndefined();
    expect(placeOf('/signin')).toBeUndefined();
  });
});

describe('the switcher', () => {
  it('keeps the page when the project changes', () => {
    expect(switchProject('/w/acme/p/shop/members', 'billing')).toBe('/w/acme/p/billing/members');
  });

  it('goes from a workspace page to the picked project\'s home', () => {
    expect(switchProject('/w/acme/billing', 'shop')).toBe('/w/acme/p/shop');
  });

  it('drops the project when the workspace changes', () => {
    expect(switchWorkspace('globex')).toBe('/w/globex');
  });

  it('round-trips through a switch and back', () => {
    const start = '/w/acme/p/shop/members';
    expect(switchProject(switchProject(start, 'billing'), 'shop')).toBe(start);
  });
});
