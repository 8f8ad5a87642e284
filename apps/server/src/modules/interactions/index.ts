export { createInteractionsService, type InteractionsService, type IngestOptions } from "./interactions.service.js";
export { interactionsRoutes } from "./interactions.routes.js";
