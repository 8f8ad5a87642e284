export { createAgentsService, type AgentsService } from "./agents.service.js";
export { agentsRoutes } from "./agents.routes.js";
