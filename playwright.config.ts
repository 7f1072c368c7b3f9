import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./e2e/browser";

const PORT = Number(process.env.E2E_PORT ?? 3100);
// A data directory of the tests' own, emptied before the server starts: a fresh install with the demo.
const DATA_DIR = path.resolve(".e2e-data");

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } }],
  webServer: {
    command: `rm -rf "${DATA_DIR}" && npx tsx lib/cli/start.ts`,
    url: `http://localhost:${PORT}/api/v1/health`,
    // The first run builds the app.
    timeout: 300_000,
    // Local iteration against a running dev server (E2E_PORT=… E2E_REUSE_SERVER=1); CI always starts afresh.
    reuseExistingServer: !!process.env.E2E_REUSE_SERVER,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: String(PORT), CONCORD_DATA_DIR: DATA_DIR, DATABASE_URL: "", CONCORD_DEMO: "1" },
  },
});
