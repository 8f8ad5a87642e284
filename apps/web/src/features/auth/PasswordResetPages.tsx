import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import type { MailSent } from "@vta/contracts";
import { api } from "../../api/client";
import { ErrorNote } from "../../components/ErrorNote";
import { AuthCard } from "./AuthPage";
import { fieldClass } from "../../components/field";
import { Button } from "../../components/Button";

/** Asks for a mailed link that sets a new password. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const send = useMutation({
    mutationFn: (address: string) => api<MailSent>("/auth/password-reset", { method: "POST", body: { email: address } }),
  });
  return (
    <AuthCard
      title="Reset your password"
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate(email);
      }}
    >
      {send.isSuccess ? (
        <p role="status">
          If {email} has an account here, a link to choose a new password is on its way. It works for an hour.{" "}
          <Link to="/login" className="text-indigo-700 underline">
            Back to log in
          </Link>
        </p>
      ) : (
        <>
          <p className="text-sm text-slate-600">Type the address you sign in with; we mail it a link to choose a new password.</p>
          <ErrorNote error={send.error} />
          <label className="block">
            <span className="text-sm font-medium">Email</span>
            <input
              name="email"
              type="email"
              required
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              className={fieldClass}
            />
          </label>
          <Button type="submit" variant="primary" disabled={send.isPending} className="w-full py-2">
            Mail me a link
          </Button>
          <p className="text-center text-sm">
            <Link to="/login" className="text-indigo-700 underline">
              Back to log in
            </Link>
          </p>
        </>
      )}
    </AuthCard>
  );
}

/** The mailed link: a new password; every session of the account ends. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [password, setPassword] = useState("");
  const reset = useMutation({
    mutationFn: (pw: string) => api<void>("/auth/password-reset/confirm", { method: "POST", body: { token, password: pw } }),
  });
  return (
    <AuthCard
      title="Choose a new password"
      onSubmit={(e) => {
        e.preventDefault();
        reset.mutate(password);
      }}
    >
      {reset.isSuccess ? (
        <p role="status">
          Your password is changed, and every device that was signed in is signed out.{" "}
          <Link to="/login" className="text-indigo-700 underline">
            Log in
          </Link>
        </p>
      ) : (
        <>
          <ErrorNote error={reset.error} />
          {reset.error && (
            <p className="text-sm">
              <Link to="/forgot-password" className="text-indigo-700 underline">
                Ask for a new link
              </Link>
            </p>
          )}
          <label className="block">
            <span className="text-sm font-medium">New password</span>
            <input
              name="password"
              type="password"
              required
              minLength={8}
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              className={fieldClass}
            />
          </label>
          <Button type="submit" variant="primary" disabled={reset.isPending} className="w-full py-2">
            Set the new password
          </Button>
        </>
      )}
    </AuthCard>
  );
}
