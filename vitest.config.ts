import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    globals: true,
    // long HTML pages in failed assertions are cut, not dumped whole
    chaiConfig: { truncateThreshold: 200 },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          setupFiles: ["tests/unit/setup.ts"],
          globalSetup: ["tests/unit/global-setup.ts"],
          pool: "forks",
          testTimeout: 20_000,
          // setup hooks make real films with ffmpeg and build fixtures: slow on a loaded 2-core machine
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          pool: "forks",
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
