import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { SIGN_IN_PATH } from '../lib/api';
import Shell from './Shell';
import { Start, WorkspaceStart } from './Start';
import { Empty, Loading } from './states';

// One chunk per page: the first load carries only the shell.
const LoginPage = lazy(() => import('./LoginPage'));
const ProjectHome = lazy(() => import('../features/home/ProjectHome'));
const MembersPage = lazy(() => import('../features/admin/MembersPage'));

export function App() {
  return (
    <Suspense fallback={<Loading what="the page" />}>
      <Routes>
        <Route path={SIGN_IN_PATH} element={<LoginPage />} />
        <Route path="/" element={<Start />} />
        <Route path="/w/:workspace" element={<Shell />}>
          <Route index element={<WorkspaceStart />} />
          <Route path="p/:project" element={<ProjectHome />} />
          <Route path="p/:project/members" element={<MembersPage />} />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Suspense>
  );
}

function NotFound() {
  return (
    <Empty title="No such page">
      <p>
        The link may be from a newer version. Go to <a href="/">your workspaces</a>.
      </p>
    </Empty>
  );
}
