export { performanceRoutes } from "./performance.routes.js";
export { createMaintenanceService, MAINTENANCE_JOB, type MaintenanceService, type Trigger } from "./maintenance.service.js";
export { maintenanceRoutes } from "./maintenance.routes.js";
export { Sampler } from "./sampler.js";
export { SlowQueryLog } from "./slow-queries.js";
export { healthRoutes } from "./health.routes.js";
export { metricsRoutes } from "./metrics.routes.js";
export { probeRoutes, type ProbeState } from "./probes.routes.js";
