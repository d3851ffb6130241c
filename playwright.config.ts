import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against a running production build. scripts/test-e2e.sh builds the app,
 * prepares a fresh database, starts `node server.js` and sets BASE_URL; there is deliberately no
 * webServer here. To run against a server you started yourself: BASE_URL=http://localhost:3000 npx playwright test
 */
const baseURL = process.env.BASE_URL ?? "http://localhost:3310";

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    // Swedish is the source language; the browser's Accept-Language must not pick another one.
    locale: "sv-SE",
    timezoneId: "Europe/Stockholm",
    // Recording traces costs about a quarter of the suite's CPU time; turn it on when debugging:
    // E2E_TRACE=1 bash scripts/test-e2e.sh  (then npx playwright show-trace test-results/…/trace.zip)
    trace: process.env.E2E_TRACE ? "retain-on-failure" : "off",
    screenshot: "only-on-failure",
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        locale: "sv-SE",
        // Playwright cannot download its own browsers here: use the system Chromium.
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--no-first-run",
          ],
        },
      },
    },
  ],
});
