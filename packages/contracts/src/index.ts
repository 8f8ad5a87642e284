export * from "./common.js";
export * from "./accounts.js";
export * from "./agents.js";
export * from "./interactions.js";
export * from "./app-spec.js";
export * from "./goals.js";
export * from "./apps.js";
export * from "./transcriptions.js";
