import type { FastifyReply, FastifyRequest } from "fastify";
import type { Role } from "@vta/contracts";
import { forbidden, unauthorized } from "../http/errors.js";

/** Who is calling, resolved once per request from a session cookie or an API key. */
export interface Principal {
  via: "session" | "apiKey";
  userId: string | null;
  workspaceId: string;
  role: Role;
  isPlatformAdmin: boolean;
  /** SHA-256 id of the session (cookie auth) or the API key id. */
  credentialId: string;
}

declare module "fastify" {
  interface FastifyRequest {
    /** Set once resolved (by a guard or resolvePrincipal()); null when anonymous. */
    principal: Principal | null;
    /**
     * Who is calling, from the Bearer API key or the session cookie: synchronously when the
     * credential is cached, else a promise. Throws 401/403 for a bad key or a cross-site cookie.
     */
    resolvePrincipal(): Principal | null | Promise<Principal | null>;
  }
}

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export const hasRole = (p: Principal, atLeast: Role) => RANK[p.role] >= RANK[atLeast];

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}

/** The workspace the caller acts on. */
export const callerWorkspace = (request: FastifyRequest): string => requirePrincipal(request).workspaceId;

type Check = (p: Principal, request: FastifyRequest) => void;
type Done = (err?: Error) => void;

function finish(request: FastifyRequest, principal: Principal | null, check: Check, done: Done): void {
  request.principal = principal;
  try {
    check(requirePrincipal(request), request);
  } catch (err) {
    return done(err as Error);
  }
  done();
}

/**
 * A callback-style route hook (used as `preValidation`) that resolves the caller (synchronously when cached: no promise on
 * the hot path) and runs `check` on them. Authentication happens here, in one hook per route,
 * rather than in a global hook every request would pay for.
 */
const guard =
  (check: Check) =>
  (request: FastifyRequest, _reply: FastifyReply, done: Done): void => {
    let resolved: Principal | null | Promise<Principal | null>;
    try {
      resolved = request.resolvePrincipal();
    } catch (err) {
      return done(err as Error);
    }
    if (resolved instanceof Promise) {
      resolved.then((p) => finish(request, p, check, done), done);
      return;
    }
    finish(request, resolved, check, done);
  };

/** Route guards (`preValidation`): who you are, then what you may do, before the input is validated. */
export const auth = {
  /** Any member; viewers only read. */
  required: guard((p, request) => {
    if (!SAFE_METHODS.has(request.method) && p.role === "viewer") throw forbidden("Viewers have read-only access to this workspace");
  }),
  /** Any member, viewers included, even on a POST: the service itself refuses what a viewer may not write (a command that asks or lists). */
  anyRole: guard(() => {}),
  /** Workspace admins and owners (API keys, members). */
  admin: guard((p) => {
    if (!hasRole(p, "admin")) throw forbidden("Only workspace owners and admins can do this");
  }),
  /** A signed-in person, not an API key (switching workspaces, creating them). */
  user: guard((p) => {
    if (p.via !== "session" || !p.userId) throw forbidden("This needs a signed-in user, not an API key");
  }),
  /** Unauthenticated writes (sign-up, login, logout) must still come from our own origin. */
  sameOrigin: (request: FastifyRequest, _reply: FastifyReply, done: Done): void => {
    if (isCrossSite(request)) return done(forbidden("Cross-site requests are refused; call from the app's own origin"));
    done();
  },
  /** Instance-wide operations: performance, maintenance, metrics. */
  platformAdmin: guard((p) => {
    if (!p.isPlatformAdmin) throw forbidden("Only platform administrators can do this");
  }),
};

/**
 * Cross-site request forgery guard: a cookie-authenticated unsafe request must come from our own
 * origin. Requests without Origin/Referer (curl, server-to-server) carry no ambient cookie risk.
 */
export function isCrossSite(request: FastifyRequest): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const source = request.headers.origin ?? request.headers.referer;
  if (!source) return false;
  try {
    return new URL(source).host !== request.headers.host;
  } catch {
    return true;
  }
}
