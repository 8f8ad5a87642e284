import { defineConfig } from "vitest/config";

const serverTest = "apps/server/test";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["apps/*/src/**/*.test.ts", "packages/*/src/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/*.pglite.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["apps/server/**/*.int.test.ts"],
          exclude: ["**/node_modules/**"],
          globalSetup: [`${serverTest}/setup/postgres.global.ts`],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "embedded",
          include: ["apps/server/**/*.pglite.test.ts"],
          exclude: ["**/node_modules/**"],
          globalSetup: [`${serverTest}/setup/pglite.global.ts`],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["e2e/**/*.e2e.test.ts"],
          exclude: ["**/node_modules/**"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
