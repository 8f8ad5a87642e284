export { createAccountsService, type AccountsService } from "./accounts.service.js";
export { accountsRoutes, registerAuthentication, SESSION_COOKIE, setSessionCookie } from "./accounts.routes.js";
export { createSecurityService } from "./security.service.js";
export { securityRoutes } from "./security.routes.js";
export { createSso } from "./sso.js";
export { createMembersService } from "./members.service.js";
export { membersRoutes } from "./members.routes.js";
