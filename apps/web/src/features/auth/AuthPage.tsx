import { useState, type FormEvent } from "react";
import { Link, Navigate, useSearchParams } from "react-router";
import { useAuthMutation, useMe } from "../../api/session";
import { ErrorNote } from "../../components/ErrorNote";

export default function AuthPage({ kind }: { kind: "login" | "signup" }) {
  const me = useMe();
  const auth = useAuthMutation(kind);
  const [params] = useSearchParams();
  // `setup`: the instance's one-time token for its first administrator; `next`: where to go after (an invitation).
  const setupToken = params.get("setup");
  const next = params.get("next")?.startsWith("/") && !params.get("next")?.startsWith("//") ? params.get("next")! : "/";
  const carry = params.get("next") ? `?next=${encodeURIComponent(next)}` : "";
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  if (me.data) return <Navigate to={next} replace />;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    auth.mutate(kind === "signup" ? { ...form, ...(setupToken ? { setupToken } : {}) } : { email: form.email, password: form.password });
  };
  const field = "mt-1 w-full rounded border border-slate-300 px-3 py-1.5";
  const input = (name: keyof typeof form, label: string, type = "text", extra: Record<string, unknown> = {}) => (
    <label className="block">
      <span className="text-sm font-medium">{label}</span>
      <input
        name={name}
        type={type}
        required
        value={form[name]}
        onChange={(e) => setForm((f) => ({ ...f, [name]: e.target.value }))}
        className={field}
        {...extra}
      />
    </label>
  );
  return (
    <form onSubmit={onSubmit} className="mx-auto mt-16 max-w-sm space-y-4 rounded-lg bg-white p-6 shadow">
      <h1 className="text-xl font-semibold">{kind === "signup" ? (setupToken ? "Create the administrator account" : "Create your account") : "Log in to Voice-to-App"}</h1>
      {setupToken && kind === "signup" && <p className="text-sm text-slate-600">This one-time link makes this account the platform administrator.</p>}
      <ErrorNote error={auth.error} />
      {kind === "signup" && input("name", "Name", "text", { autoComplete: "name" })}
      {input("email", "Email", "email", { autoComplete: "email" })}
      {input("password", "Password", "password", {
        autoComplete: kind === "signup" ? "new-password" : "current-password",
        minLength: kind === "signup" ? 8 : undefined,
      })}
      <button type="submit" disabled={auth.isPending} className="w-full rounded bg-indigo-600 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-50">
        {kind === "signup" ? "Sign up" : "Log in"}
      </button>
      <p className="text-center text-sm text-slate-600">
        {kind === "signup" ? (
          <>
            Have an account? <Link to={`/login${carry}`} className="text-indigo-700 underline">Log in</Link>
          </>
        ) : (
          <>
            New here? <Link to={`/signup${carry}`} className="text-indigo-700 underline">Create an account</Link>
          </>
        )}
      </p>
    </form>
  );
}
