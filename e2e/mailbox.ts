/**
 * A mail server on loopback for the browser tests: it speaks just enough SMTP for nodemailer and
 * keeps every message, so a test can follow the link the platform mailed (an invitation).
 */
import { createServer, type Server } from "node:net";

export interface Mailbox {
  url: string;
  messages: { to: string; body: string }[];
  /** The first link to `path` in the newest message to `to` (waits for it to arrive). */
  link(to: string, path: string): Promise<string>;
  close(): Promise<void>;
}

export async function startMailbox(): Promise<Mailbox> {
  const messages: { to: string; body: string }[] = [];
  const server: Server = createServer((socket) => {
    let to = "";
    let data: string | null = null;
    let buffer = "";
    socket.write("220 mailbox ready\r\n");
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      for (let at = buffer.indexOf("\r\n"); at >= 0; at = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (data !== null) {
          if (line === ".") {
            messages.push({ to, body: data });
            data = null;
            socket.write("250 queued\r\n");
          } else data += `${line.startsWith("..") ? line.slice(1) : line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") socket.write("250 mailbox\r\n");
        else if (verb === "RCPT") {
          to = /<([^>]+)>/.exec(line)?.[1] ?? "";
          socket.write("250 ok\r\n");
        } else if (verb === "DATA") {
          data = "";
          socket.write("354 go on\r\n");
        } else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async link(to, path) {
      for (let i = 0; i < 100; i++) {
        const body = messages.findLast((m) => m.to === to)?.body.replace(/=\n/g, "").replace(/=3D/g, "=");
        const found = body && new RegExp(`https?://[^\\s]*${path}[^\\s]*`).exec(body)?.[0];
        if (found) return found;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no mail with a ${path} link to ${to}`);
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
