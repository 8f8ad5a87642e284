export { createAssistantService, type AssistantService } from "./commands.service.js";
export { commandsRoutes } from "./commands.routes.js";
