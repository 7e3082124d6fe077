/**
 * Every view's place lives in the URL: /w/{workspace}/p/{project}/{page}, or /w/{workspace}/{page}
 * for a page of the whole workspace (billing). Workspaces and projects are named by slug when the
 * service gives one, else by id; the API accepts both.
 */

export const PAGES = [
  'home', 'chat', 'explore', 'traces', 'logs', 'llm', 'metrics', 'incidents', 'rules', 'usage', 'billing', 'alerting',
  'approvals', 'members', 'keys', 'audit', 'evals',
] as const;
export type Page = (typeof PAGES)[number];

/**
 * Pages of the workspace, not of a project: /w/{workspace}/{page}. Billing is one, and Stripe's
 * checkout and portal come back to its path (the service builds those URLs); alerting (channels,
 * silences, the action catalogue) and approvals are the workspace's too. Evals are no project's
 * either (nor the workspace's: the runs are the product's agent's), so they sit here, where the
 * navigation has a place for them.
 */
export const WORKSPACE_PAGES: readonly Page[] = ['billing', 'alerting', 'approvals', 'evals'];

export function isWorkspacePage(page: Page): boolean {
  return WORKSPACE_PAGES.includes(page);
}

export interface Place {
  workspace: string;
  project?: string;
  page: Page;
}

/** A place's path; a workspace page's path has no project (the one given is ignored). */
export function pathOf(place: Place): string {
  const workspace = `/w/${encodeURIComponent(place.workspace)}`;
  if (isWorkspacePage(place.page)) {
    return `${workspace}/${place.page}`;
  }
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
  if (parts[2] !== undefined && parts[2] !== 'p' && isPage(parts[2]) && isWorkspacePage(parts[2])) {
    return { workspace, page: parts[2] };
  }
  if (parts[2] !== 'p' || parts[3] === undefined) {
    return { workspace, page: 'home' };
  }
  const page = parts[4] ?? 'home';
  return {
    workspace,
    project: decodeURIComponent(parts[3]),
    page: isPage(page) && !isWorkspacePage(page) ? page : 'home',
  };
}

function isPage(text: string): text is Page {
  return (PAGES as readonly string[]).includes(text);
}

/** Another workspace: its projects differ, so the project is dropped and its first is chosen there. */
export function switchWorkspace(workspace: string): string {
  return pathOf({ workspace, page: 'home' });
}

/** Another project of the same workspace, on the same page; from a workspace page, its home. */
export function switchProject(pathname: string, project: string): string {
  const place = placeOf(pathname);
  if (place === undefined) {
    throw new Error(`no workspace in ${pathname}`);
  }
  return pathOf({ ...place, project, page: isWorkspacePage(place.page) ? 'home' : place.page });
}
