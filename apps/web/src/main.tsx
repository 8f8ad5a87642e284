import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Link, Navigate, Route, Routes } from "react-router";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ApiError } from "./api/client";
import { useAuthProviders, useMe } from "./api/session";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { Layout } from "./components/Layout";
import { Skeleton } from "./components/Skeleton";
import { Toasts } from "./components/toast";
import "./index.css";
import { buttonClass } from "./components/Button";

const AgentsPage = lazy(() => import("./features/agents/AgentsPage"));
const AgentFormPage = lazy(() => import("./features/agents/AgentFormPage"));
const AgentDetailPage = lazy(() => import("./features/agents/AgentDetailPage"));
const ApiKeysPage = lazy(() => import("./features/api-keys/ApiKeysPage"));
const MembersPage = lazy(() => import("./features/members/MembersPage"));
const InvitePage = lazy(() => import("./features/members/InvitePage"));
const VerifyEmailPage = lazy(() => import("./features/auth/VerifyEmailPage"));
const ForgotPasswordPage = lazy(() => import("./features/auth/PasswordResetPages").then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => import("./features/auth/PasswordResetPages").then((m) => ({ default: m.ResetPasswordPage })));
const AccountPage = lazy(() => import("./features/account/AccountPage"));
const AgentAnalyticsPage = lazy(() => import("./features/analytics/AgentAnalyticsPage"));
const InteractionsPage = lazy(() => import("./features/interactions/InteractionsPage"));
const AuthPage = lazy(() => import("./features/auth/AuthPage"));
const StudioHome = lazy(() => import("./features/studio/StudioHome"));
const StudioPage = lazy(() => import("./features/studio/StudioPage"));
const SharedPage = lazy(() => import("./features/studio/SharedPage"));
const PerformancePage = lazy(() => import("./features/performance/PerformancePage"));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Client errors will not fix themselves; retry only what may be transient.
      retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status < 500),
    },
  },
});

function Signed({ children }: { children: React.ReactNode }) {
  const me = useMe();
  const providers = useAuthProviders();
  if (me.isPending || (!me.data && providers.isPending))
    return (
      <div className="p-8">
        <Skeleton />
      </div>
    );
  // A new instance starts with signing up (its first account is the administrator's).
  if (!me.data) return <Navigate to={providers.data?.firstRun ? "/signup" : "/login"} replace />;
  return children;
}

function App() {
  return (
    <Suspense
      fallback={
        <div className="p-8">
          <Skeleton />
        </div>
      }
    >
      <Routes>
        <Route path="/login" element={<AuthPage kind="login" />} />
        <Route path="/signup" element={<AuthPage kind="signup" />} />
        <Route path="/s/:token" element={<SharedPage />} />
        <Route path="/invite/:token" element={<InvitePage />} />
        <Route path="/verify-email" element={<VerifyEmailPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route
          element={
            <Signed>
              <Layout />
            </Signed>
          }
        >
          <Route index element={<AgentsPage />} />
          <Route path="agents/new" element={<AgentFormPage />} />
          <Route path="agents/:id" element={<AgentDetailPage />} />
          <Route path="agents/:id/edit" element={<AgentFormPage />} />
          <Route path="agents/:id/analytics" element={<AgentAnalyticsPage />} />
          <Route path="studio" element={<StudioHome />} />
          <Route path="studio/:id" element={<StudioPage />} />
          <Route path="interactions" element={<InteractionsPage />} />
          <Route path="performance" element={<PerformancePage />} />
          <Route path="api-keys" element={<ApiKeysPage />} />
          <Route path="members" element={<MembersPage />} />
          <Route path="account" element={<AccountPage />} />
          <Route
            path="*"
            element={
              <div className="py-12 text-center">
                <h1 className="text-xl font-semibold">Nothing is at this address</h1>
                <p className="mt-2 text-slate-600">It may have been moved or deleted.</p>
                <Link to="/studio" className={buttonClass({ variant: "primary", className: "mt-4" })}>
                  Go to the Studio
                </Link>
              </div>
            }
          />
        </Route>
      </Routes>
    </Suspense>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
        <Toasts />
      </QueryClientProvider>
    </ErrorBoundary>
  </StrictMode>,
);
