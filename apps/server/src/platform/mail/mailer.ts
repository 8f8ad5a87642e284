/**
 * Mail the platform sends (invitations, address checks), through nodemailer. `MAIL_URL` picks the
 * transport: an `smtp://` or `smtps://` URL sends for real; `log` (the default) writes each message
 * to the server log, so an operator without a mail server can pass a link on by hand; `memory`
 * keeps them in `sent` (tests). nodemailer is loaded with the first message.
 */
import type { Transporter } from "nodemailer";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  readonly kind: "smtp" | "log" | "memory";
  send(mail: Mail): Promise<void>;
  /** Messages kept by the memory transport, newest last. */
  readonly sent: Mail[];
}

export function createMailer(opts: { url?: string; from: string; log: (mail: Mail) => void }): Mailer {
  const url = opts.url ?? "log";
  const sent: Mail[] = [];
  let transport: Promise<Transporter> | undefined;
  // jsonTransport composes the message like a real one (addresses checked) without sending it.
  const transporter = () =>
    (transport ??= import("nodemailer").then(({ default: nodemailer }) =>
      url === "log" || url === "memory" ? nodemailer.createTransport({ jsonTransport: true }) : nodemailer.createTransport(url),
    ));
  if (url === "log" || url === "memory") {
    return {
      kind: url,
      sent,
      async send(mail) {
        await (await transporter()).sendMail({ from: opts.from, ...mail });
        if (url === "memory") sent.push(mail);
        else opts.log(mail);
      },
    };
  }
  return {
    kind: "smtp",
    sent,
    async send(mail) {
      await (await transporter()).sendMail({ from: opts.from, ...mail });
    },
  };
}
