export { createAccountsService, type AccountsService } from "./accounts.service.js";
export { accountsRoutes, registerAuthentication, SESSION_COOKIE } from "./accounts.routes.js";
export { createMembersService } from "./members.service.js";
export { membersRoutes } from "./members.routes.js";
