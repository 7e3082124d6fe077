import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { NavLink, Outlet, useNavigate, useOutletContext, useParams } from 'react-router';
import { api, NotSignedIn, SIGN_IN_PATH } from '../lib/api';
import { pageOpenTo } from '../features/admin/access';
import { QuotaBanner } from '../features/billing/QuotaBanner';
import { findWorkspace, type Me, type WorkspaceRole } from './me';
import { type Page, pathOf } from './paths';
import { type Project, useProjects } from './projects';
import { SignedIn } from './SignedIn';
import { Empty, ErrorState, Loading } from './states';
import { ProjectSwitcher, WorkspaceSwitcher } from './Switchers';

/**
 * The pages in the order of the navigation; the trace view opens from a trace id. Billing,
 * alerting, approvals and evals are the workspace's (their paths have no project).
 */
const NAV: readonly (readonly [Page, string])[] = [
  ['home', 'Home'],
  ['chat', 'Chat'],
  ['explore', 'Explore'],
  ['logs', 'Logs'],
  ['llm', 'LLM usage'],
  ['metrics', 'Metrics'],
  ['incidents', 'Incidents'],
  ['rules', 'Alert rules'],
  ['usage', 'Usage'],
  ['billing', 'Billing'],
  ['alerting', 'Alerting'],
  ['approvals', 'Approvals'],
  ['evals', 'Evals'],
  ['members', 'Members'],
  ['keys', 'API keys'],
  ['audit', 'Audit log'],
];

export interface ShellContext {
  me: Me;
  workspace: WorkspaceRole;
  /** The workspace as the URL names it (slug or id), for API paths. */
  workspaceKey: string;
  projects: Project[];
  /** The project the URL names, when it names one of the workspace's projects. */
  project?: Project;
}

export function useShell(): ShellContext {
  return useOutletContext<ShellContext>();
}

/**
 * The project of a project page. The URL names it by slug or id; the query and agent APIs
 * want its id, so pages build their paths from {@code project.id}.
 */
export function useProject(): Project {
  const { project } = useShell();
  if (project === undefined) {
    throw new Error('useProject() outside a project page');
  }
  return project;
}

/** Who you are, where you are (workspace and project, both in the URL), and the way out. */
export default function Shell() {
  const { workspace: key = '', project } = useParams();
  return <SignedIn>{(me) => <InWorkspace me={me} workspaceKey={key} project={project} />}</SignedIn>;
}

function InWorkspace({ me, workspaceKey, project }: { me: Me; workspaceKey: string; project?: string }) {
  const workspace = findWorkspace(me, workspaceKey);
  if (workspace === undefined) {
    return (
      <Empty title={`You are not a member of workspace “${workspaceKey}”`}>
        <p>Ask one of its owners or admins for an invitation, or go back to <a href="/">your workspaces</a>.</p>
      </Empty>
    );
  }
  return <Layout me={me} workspace={workspace} workspaceKey={workspaceKey} project={project} />;
}

function Layout({ me, workspace, workspaceKey, project }: Omit<ShellContext, 'projects' | 'project'> & { project?: string }) {
  const projects = useProjects(workspaceKey);
  const context: ShellContext | undefined =
    projects.data === undefined ? undefined : { me, workspace, workspaceKey, projects: projects.data };
  // A workspace page (billing) names no project: the navigation keeps the last one, else the first.
  const [lastProject, setLastProject] = useState(project);
  if (project !== undefined && project !== lastProject) {
    setLastProject(project);
  }
  const navProject = project ?? known(projects.data, lastProject) ?? projects.data?.[0]?.slug;
  return (
    <div className="shell">
      <header>
        <h1 className="brand">Tracehound</h1>
        <WorkspaceSwitcher me={me} current={workspace} />
        <ProjectSwitcher projects={projects.data ?? []} current={navProject} />
        <span className="spacer" />
        <span className="who" title={me.user?.email}>
          {me.user?.name ?? me.user?.email ?? me.credential} · <span className="role">{workspace.role}</span>
        </span>
        <LogoutButton />
      </header>
      {navProject !== undefined && (
        <nav aria-label="Pages">
          {NAV.map(([page, label]) => (
            <NavLink
              key={page}
              end={page === 'home'}
              to={pathOf({ workspace: workspaceKey, project: navProject, page })}
              className={pageOpenTo(page, workspace.role) ? undefined : 'closed'}
              title={pageOpenTo(page, workspace.role) ? undefined : `Not open to a workspace ${workspace.role}`}
            >
              {label}
            </NavLink>
          ))}
        </nav>
      )}
      <QuotaBanner workspace={workspaceKey} />
      <main>
        {projects.isPending && <Loading what="the workspace's projects" />}
        {projects.isError && <ErrorState error={projects.error} onRetry={() => void projects.refetch()} />}
        {context !== undefined && <Page context={context} project={project} />}
      </main>
    </div>
  );
}

/** The project if the workspace still has it (by slug or id), as its slug. */
function known(projects: Project[] | undefined, project: string | undefined): string | undefined {
  return projects?.find((p) => p.slug === project || p.id === project)?.slug;
}

function Page({ context, project }: { context: ShellContext; project: string | undefined }) {
  const current = context.projects.find((p) => p.slug === project || p.id === project);
  if (project !== undefined && current === undefined) {
    return (
      <Empty title={`No project “${project}” in this workspace`}>
        <p>It may have been renamed or deleted: pick one of the workspace's projects above.</p>
      </Empty>
    );
  }
  return <Outlet context={{ ...context, project: current }} />;
}

function LogoutButton() {
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [failed, setFailed] = useState<string>();
  async function logout() {
    try {
      await api.post('/logout');
    } catch (error) {
      if (!(error instanceof NotSignedIn)) {
        setFailed(error instanceof Error ? error.message : String(error));
        return;
      }
    }
    queries.clear();
    navigate(SIGN_IN_PATH);
  }
  return (
    <button type="button" onClick={() => void logout()} title={failed ?? 'End this session'}>
      {failed === undefined ? 'Log out' : 'Log out (failed, retry)'}
    </button>
  );
}
