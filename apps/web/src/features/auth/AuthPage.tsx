import { useState, type FormEvent, type ReactNode } from "react";
import { Link, Navigate, useSearchParams } from "react-router";
import { useAuthMutation, useAuthProviders, useMe } from "../../api/session";
import { ErrorNote } from "../../components/ErrorNote";
import { Button } from "../../components/Button";
import { fieldClass } from "../../components/field";

/** The card the signed-out pages share. */
export function AuthCard({ title, onSubmit, children }: { title: string; onSubmit?: (e: FormEvent) => void; children: ReactNode }) {
  return (
    <main className="px-3">
      <form onSubmit={onSubmit} className="mx-auto mt-16 max-w-sm space-y-4 rounded-lg bg-white p-6 shadow">
        <h1 className="text-xl font-semibold">{title}</h1>
        {children}
      </form>
    </main>
  );
}

/** Where to go after signing in: a same-site path from `next`, else the Studio. */
function nextPath(params: URLSearchParams): string {
  const next = params.get("next");
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/studio";
}

export default function AuthPage({ kind }: { kind: "login" | "signup" }) {
  const me = useMe();
  const auth = useAuthMutation(kind);
  const providers = useAuthProviders();
  const [params] = useSearchParams();
  // `setup`: the instance's one-time token for its first administrator; `next`: where to go after (an invitation).
  const setupToken = params.get("setup");
  const next = nextPath(params);
  const carry = params.get("next") ? `?next=${encodeURIComponent(next)}` : "";
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  // A password accepted, a code still owed (from this form, or from single sign-on's return).
  const challenge = (auth.data && "twoFactorRequired" in auth.data ? auth.data.challenge : null) ?? params.get("challenge");
  if (me.data) return <Navigate to={next} replace />;
  if (challenge) return <TwoFactorStep challenge={challenge} />;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    auth.mutate(kind === "signup" ? { ...form, ...(setupToken ? { setupToken } : {}) } : { email: form.email, password: form.password });
  };
  const input = (name: keyof typeof form, label: string, type = "text", extra: Record<string, unknown> = {}) => (
    <label className="block">
      <span className="text-sm font-medium">{label}</span>
      <input
        name={name}
        type={type}
        required
        value={form[name]}
        onChange={(e) => setForm((f) => ({ ...f, [name]: e.target.value }))}
        className={fieldClass}
        {...extra}
      />
    </label>
  );
  const sso = providers.data?.sso;
  const ssoError = params.get("error");
  return (
    <AuthCard
      title={kind === "signup" ? (setupToken ? "Create the administrator account" : "Create your account") : "Log in to Voice-to-App"}
      onSubmit={onSubmit}
    >
      {setupToken && kind === "signup" && (
        <p className="text-sm text-slate-600">This one-time link makes this account the platform administrator.</p>
      )}
      {!setupToken && providers.data?.firstRun && (
        <p className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Welcome to a new Voice-to-App. No one administers it yet: the terminal running it printed a one-time link (“Create the account at
          …/signup?setup=…”). Open that link to make the administrator account, or sign up here as a regular member.
        </p>
      )}
      {ssoError && <ErrorNote error={new Error(ssoError)} />}
      <ErrorNote error={auth.error} />
      {kind === "signup" && input("name", "Name", "text", { autoComplete: "name" })}
      {input("email", "Email", "email", { autoComplete: "email" })}
      {input("password", "Password", "password", {
        autoComplete: kind === "signup" ? "new-password" : "current-password",
        minLength: kind === "signup" ? 8 : undefined,
      })}
      <Button type="submit" variant="primary" disabled={auth.isPending} className="w-full py-2">
        {kind === "signup" ? "Sign up" : "Log in"}
      </Button>
      {sso && !setupToken && (
        <a
          href={sso.startUrl}
          className="block w-full rounded border border-slate-300 py-2 text-center font-medium text-slate-800 hover:bg-slate-50"
        >
          Continue with {sso.name}
        </a>
      )}
      <p className="text-center text-sm text-slate-600">
        {kind === "signup" ? (
          <>
            Have an account?{" "}
            <Link to={`/login${carry}`} className="text-indigo-700 underline">
              Log in
            </Link>
          </>
        ) : (
          <>
            New here?{" "}
            <Link to={`/signup${carry}`} className="text-indigo-700 underline">
              Create an account
            </Link>
            {" · "}
            <Link to="/forgot-password" className="text-indigo-700 underline">
              Forgot your password?
            </Link>
          </>
        )}
      </p>
    </AuthCard>
  );
}

/** The second step of signing in: a code from the authenticator app, or a recovery code. */
function TwoFactorStep({ challenge }: { challenge: string }) {
  const finish = useAuthMutation("login/two-factor");
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState("");
  return (
    <AuthCard
      title="Two-factor sign-in"
      onSubmit={(e) => {
        e.preventDefault();
        finish.mutate(recovery ? { challenge, recoveryCode: code } : { challenge, code });
      }}
    >
      <p className="text-sm text-slate-600">
        {recovery
          ? "Type one of the recovery codes you saved when you turned two-factor sign-in on. Each works once."
          : "Open your authenticator app and type the 6-digit code it shows for Voice-to-App."}
      </p>
      <ErrorNote error={finish.error} />
      <label className="block">
        <span className="text-sm font-medium">{recovery ? "Recovery code" : "Code"}</span>
        <input
          name="code"
          required
          autoFocus
          value={code}
          onChange={(e) => setCode(e.target.value)}
          className={fieldClass}
          {...(recovery
            ? { autoComplete: "off" }
            : { inputMode: "numeric" as const, autoComplete: "one-time-code", pattern: "\\d{6}", maxLength: 6 })}
        />
      </label>
      <Button type="submit" variant="primary" disabled={finish.isPending} className="w-full py-2">
        Sign in
      </Button>
      <button
        type="button"
        onClick={() => {
          setRecovery((r) => !r);
          setCode("");
        }}
        className="w-full text-sm text-indigo-700 underline"
      >
        {recovery ? "Use a code from the app" : "Use a recovery code instead"}
      </button>
      <p className="text-center text-sm">
        {/* A full load: the challenge lives in this page's state. */}
        <a href="/login" className="text-indigo-700 underline">
          Start again
        </a>
      </p>
    </AuthCard>
  );
}
