/**
 * A mail server on loopback for the browser tests (the smtp-server package, messages parsed with
 * mailparser): it keeps every message, so a test can follow the link the platform mailed.
 */
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface Mailbox {
  url: string;
  messages: { to: string; subject: string; body: string }[];
  /** The first link to `path` in the newest message to `to` (waits for it to arrive). */
  link(to: string, path: string): Promise<string>;
  close(): Promise<void>;
}

export async function startMailbox(): Promise<Mailbox> {
  const messages: Mailbox["messages"] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          for (const rcpt of session.envelope.rcptTo)
            messages.push({ to: rcpt.address, subject: mail.subject ?? "", body: mail.text ?? "" });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async link(to, path) {
      for (let i = 0; i < 100; i++) {
        const body = messages.findLast((m) => m.to === to)?.body;
        const found = body && new RegExp(`https?://[^\\s]*${path}[^\\s]*`).exec(body)?.[0];
        if (found) return found;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no mail with a ${path} link to ${to}`);
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
