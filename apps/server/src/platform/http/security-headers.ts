import type { FastifyInstance } from "fastify";

/**
 * Headers every answer carries: no inline or foreign scripts (the SPA is built without any), no
 * MIME sniffing, no framing, a strict referrer. Inline *styles* stay allowed (React sets
 * `style` attributes for widths); the API docs page (Swagger UI) gets no CSP.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "content-security-policy": CONTENT_SECURITY_POLICY,
};
const { "content-security-policy": _csp, ...DOCS_HEADERS } = HEADERS;

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onRequest", (request, reply, done) => {
    void reply.headers(request.url.startsWith("/api/docs") ? DOCS_HEADERS : HEADERS);
    done();
  });
}
