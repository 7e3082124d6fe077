import { useLocation, useNavigate } from 'react-router';
import { type Me, type WorkspaceRole, workspaceKey, workspaceLabel } from './me';
import { switchProject, switchWorkspace } from './paths';
import type { Project } from './projects';

export function WorkspaceSwitcher({ me, current }: { me: Me; current: WorkspaceRole }) {
  const navigate = useNavigate();
  return (
    <label className="switcher">
      <span>Workspace</span>
      <select value={workspaceKey(current)} onChange={(e) => navigate(switchWorkspace(e.target.value))}>
        {me.workspaces.map((w) => (
          <option key={w.workspaceId} value={workspaceKey(w)}>
            {workspaceLabel(w)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ProjectSwitcher({ projects, current }: { projects: Project[]; current: string | undefined }) {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const selected = projects.find((p) => p.slug === current || p.id === current);
  return (
    <label className="switcher">
      <span>Project</span>
      <select
        value={selected?.slug ?? ''}
        disabled={projects.length === 0}
        onChange={(e) => navigate(switchProject(pathname, e.target.value))}
      >
        {selected === undefined && <option value="">{projects.length === 0 ? 'no projects' : 'pick a project'}</option>}
        {projects.map((p) => (
          <option key={p.id} value={p.slug}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
