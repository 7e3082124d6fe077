import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { ACCEPT_PATH } from '../features/invitations/acceptLink';
import { SIGN_IN_PATH } from '../lib/api';
import Shell from './Shell';
import { Start, WorkspaceStart } from './Start';
import { Empty, Loading } from './states';

// One chunk per page: the first load carries only the shell.
const LoginPage = lazy(() => import('./LoginPage'));
const AcceptPage = lazy(() => import('../features/invitations/AcceptPage'));
const ProjectHome = lazy(() => import('../features/home/ProjectHome'));
const ChatPage = lazy(() => import('../features/chat/ChatPage'));
const ExplorePage = lazy(() => import('../features/explore/ExplorePage'));
const TracePage = lazy(() => import('../features/traces/TracePage'));
const LogsPage = lazy(() => import('../features/logs/LogsPage'));
const LlmUsagePage = lazy(() => import('../features/llm/LlmUsagePage'));
const MetricsPage = lazy(() => import('../features/metrics/MetricsPage'));
const UsagePage = lazy(() => import('../features/billing/UsagePage'));
const BillingPage = lazy(() => import('../features/billing/BillingPage'));
const MembersPage = lazy(() => import('../features/admin/MembersPage'));
const KeysPage = lazy(() => import('../features/admin/KeysPage'));
const AuditPage = lazy(() => import('../features/admin/AuditPage'));
const IncidentsPage = lazy(() => import('../features/incidents/IncidentsPage'));
const RulesPage = lazy(() => import('../features/rules/RulesPage'));
const AlertingPage = lazy(() => import('../features/alerting/AlertingPage'));
const ApprovalsPage = lazy(() => import('../features/approvals/ApprovalsPage'));
const EvalsPage = lazy(() => import('../features/evals/EvalsPage'));
const EvalRunPage = lazy(() => import('../features/evals/EvalRunPage'));

export function App() {
  return (
    <Suspense fallback={<Loading what="the page" />}>
      <Routes>
        <Route path={SIGN_IN_PATH} element={<LoginPage />} />
        <Route path="/" element={<Start />} />
        <Route path={ACCEPT_PATH} element={<AcceptPage />} />
        <Route path="/w/:workspace" element={<Shell />}>
          <Route index element={<WorkspaceStart />} />
          <Route path="billing" element={<BillingPage />} />
          <Route path="alerting" element={<AlertingPage />} />
          <Route path="approvals" element={<ApprovalsPage />} />
          <Route path="evals" element={<EvalsPage />} />
          <Route path="evals/:run" element={<EvalRunPage />} />
          <Route path="p/:project" element={<ProjectHome />} />
          <Route path="p/:project/chat/:session?" element={<ChatPage />} />
          <Route path="p/:project/explore" element={<ExplorePage />} />
          <Route path="p/:project/traces/:trace" element={<TracePage />} />
          <Route path="p/:project/logs" element={<LogsPage />} />
          <Route path="p/:project/llm" element={<LlmUsagePage />} />
          <Route path="p/:project/metrics" element={<MetricsPage />} />
          <Route path="p/:project/incidents" element={<IncidentsPage />} />
          <Route path="p/:project/rules" element={<RulesPage />} />
          <Route path="p/:project/usage" element={<UsagePage />} />
          <Route path="p/:project/members" element={<MembersPage />} />
          <Route path="p/:project/keys" element={<KeysPage />} />
          <Route path="p/:project/audit" element={<AuditPage />} />
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
