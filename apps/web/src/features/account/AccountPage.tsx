import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toDataURL } from "qrcode";
import { useEffect, useState } from "react";
import type { MailSent, RecoveryCodes, TotpSetup } from "@vta/contracts";
import { api } from "../../api/client";
import { meKey, useMe } from "../../api/session";
import { Button } from "../../components/Button";
import { ErrorNote } from "../../components/ErrorNote";
import { fieldClass } from "../../components/field";

/** The signed-in person's own account: their address and two-factor sign-in. */
export default function AccountPage() {
  const { data: me } = useMe();
  const verify = useMutation({ mutationFn: () => api<MailSent>("/me/verify-email", { method: "POST" }) });
  if (!me) return null;
  return (
    <section className="max-w-xl space-y-6">
      <h1 className="text-2xl font-semibold">Your account</h1>
      <div className="space-y-1 rounded-lg bg-white p-4 shadow-sm">
        <h2 className="text-lg font-medium">Email address</h2>
        <p>
          {me.user.email} — {me.user.emailVerified ? "confirmed" : "not confirmed yet"}
        </p>
        {!me.user.emailVerified && (
          <>
            <ErrorNote error={verify.error} />
            {verify.isSuccess ? (
              <p role="status">A link is on its way to {me.user.email}.</p>
            ) : (
              <Button type="button" variant="primary" disabled={verify.isPending} onClick={() => verify.mutate()}>
                Mail me a confirmation link
              </Button>
            )}
          </>
        )}
      </div>
      <TwoFactor enabled={me.user.twoFactor} />
    </section>
  );
}

function TwoFactor({ enabled }: { enabled: boolean }) {
  const qc = useQueryClient();
  const refreshMe = () => qc.invalidateQueries({ queryKey: meKey });
  const setup = useMutation({ mutationFn: () => api<TotpSetup>("/me/two-factor/setup", { method: "POST" }) });
  const enable = useMutation({
    mutationFn: (code: string) => api<RecoveryCodes>("/me/two-factor/enable", { method: "POST", body: { code } }),
    onSuccess: refreshMe,
  });
  const disable = useMutation({
    mutationFn: (password: string) => api<void>("/me/two-factor/disable", { method: "POST", body: { password } }),
    onSuccess: refreshMe,
  });
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    if (setup.data) void toDataURL(setup.data.uri, { margin: 1, width: 192 }).then(setQr);
  }, [setup.data]);

  return (
    <div className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      <h2 className="text-lg font-medium">Two-factor sign-in</h2>
      {enable.data ? (
        <div className="space-y-2">
          <p role="status">
            Two-factor sign-in is on. Save these recovery codes somewhere safe: each signs you in once if you lose your phone. They are
            shown only now.
          </p>
          <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-1 rounded bg-slate-50 p-3 font-mono text-sm">
            {enable.data.recoveryCodes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <button
            type="button"
            className="text-sm text-indigo-700 underline"
            onClick={() => void navigator.clipboard?.writeText(enable.data.recoveryCodes.join("\n"))}
          >
            Copy the codes
          </button>
        </div>
      ) : enabled ? (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            disable.mutate(password);
          }}
        >
          <p>On: signing in asks for a code from your authenticator app.</p>
          <ErrorNote error={disable.error} />
          <label className="block">
            <span className="text-sm font-medium">Your password, to turn it off</span>
            <input
              type="password"
              required
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              className={fieldClass}
            />
          </label>
          <Button type="submit" variant="primary" disabled={disable.isPending}>
            Turn two-factor sign-in off
          </Button>
        </form>
      ) : setup.data ? (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            enable.mutate(code);
          }}
        >
          <p>
            Scan this with an authenticator app (Google Authenticator, 1Password, Aegis…), or type the secret into it, then type the code it
            shows.
          </p>
          {qr && <img src={qr} width={192} height={192} alt="QR code holding the secret for your authenticator app" />}
          <p className="break-all font-mono text-sm" aria-label="Secret">
            {setup.data.secret}
          </p>
          <ErrorNote error={enable.error} />
          <label className="block">
            <span className="text-sm font-medium">Code from the app</span>
            <input
              name="code"
              required
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="\d{6}"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              className={fieldClass}
            />
          </label>
          <Button type="submit" variant="primary" disabled={enable.isPending}>
            Turn it on
          </Button>
        </form>
      ) : (
        <>
          <p>Off: your password alone signs you in. With it on, signing in also asks for a code from an app on your phone.</p>
          <ErrorNote error={setup.error} />
          <Button type="button" variant="primary" disabled={setup.isPending} onClick={() => setup.mutate()}>
            Set up two-factor sign-in
          </Button>
        </>
      )}
    </div>
  );
}
