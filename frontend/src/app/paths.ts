/**
 * Every view's place lives in the URL: /w/{workspace}/p/{project}/{page}. Workspaces and
 * projects are named by slug when the service gives one, else by id; the API accepts both.
 */

export const PAGES = ['home', 'chat', 'explore', 'traces', 'logs', 'llm', 'metrics', 'usage', 'members', 'keys', 'audit'] as const;
export type Page = (typeof PAGES)[number];

export interface Place {
  workspace: string;
  project?: string;
  page: Page;
}

export function pathOf(place: Place): string {
  const workspace = `/w/${encodeURIComponent(place.workspace)}`;
  if (place.project === undefined) {
    return workspace;
  }
  const project = `${workspace}/p/${encodeURIComponent(place.project)}`;
  return place.page === 'home' ? project : `${project}/${place.page}`;
}

/** The place a path names, or undefined for paths outside /w/…. */
export function placeOf(pathname: string): Place | undefined {
  const parts = pathname.split('/').filter((part) => part !== '');
  if (parts[0] !== 'w' || parts[1] === undefined) {
    return undefined;
  }
  const workspace = decodeURIComponent(parts[1]);
  if (parts[2] !== 'p' || parts[3] === undefined) {
    return { workspace, page: 'home' };
  }
  const page = parts[4] ?? 'home';
  return {
    workspace,
    project: decodeURIComponent(parts[3]),
    page: isPage(page) ? page : 'home',
  };
}

function isPage(text: string): text is Page {
  return (PAGES as readonly string[]).includes(text);
}

/** Another workspace: its projects differ, so the project is dropped and its first is chosen there. */
export function switchWorkspace(workspace: string): string {
  return pathOf({ workspace, page: 'home' });
}

/** Another project of the same workspace, on the same page. */
export function switchProject(pathname: string, project: string): string {
  const place = placeOf(pathname);
  if (place === undefined) {
    throw new Error(`no workspace in ${pathname}`);
  }
  return pathOf({ ...place, project });
}
