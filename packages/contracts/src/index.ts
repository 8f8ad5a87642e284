export * from "./common.js";
export * from "./accounts.js";
export * from "./agents.js";
export * from "./interactions.js";
