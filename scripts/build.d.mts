// Types for the TypeScript that imports the build script (tests and benchmarks).
export const STAMP: string;
export const ENTRY: string;
export const SERVER_NODE_FLAGS: string[];
export function buildServer(): Promise<void>;
export function buildWeb(): void;
