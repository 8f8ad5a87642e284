export { createAppsService, type AppsService } from "./apps.service.js";
export { createBuildsService, BUILD_JOB, type BuildsService } from "./builds.service.js";
export { createRecordsService, type RecordsService } from "./records.service.js";
export { appsRoutes } from "./apps.routes.js";
export { recordsRoutes } from "./records.routes.js";
export { adoptJsonbRecords } from "./record-adoption.repository.js";
