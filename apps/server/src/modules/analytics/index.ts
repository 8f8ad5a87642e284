export { createAnalyticsService, type AnalyticsService } from "./analytics.service.js";
export { analyticsRoutes } from "./analytics.routes.js";
