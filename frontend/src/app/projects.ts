import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';

export interface Project {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
  deletionRequestedAt: string | null;
}

export function useProjects(workspace: string) {
  return useQuery({
    queryKey: ['workspaces', workspace, 'projects'],
    queryFn: () => api.get<Project[]>(`/api/v1/workspaces/${encodeURIComponent(workspace)}/projects`),
    select: (projects) => projects.filter((p) => p.deletionRequestedAt === null),
  });
}
