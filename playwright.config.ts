// End-to-end tests: Debian's Chromium drives the browser mode exactly as a clerk would. Screenshots and traces land
// in tests/artifacts (git-ignored).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'tests/artifacts/playwright',
  timeout: 90_000,
  // Conditions, not sleeps: a passing test never waits this long. Generous because password changes run scrypt at the
  // product's real cost (three times), which takes seconds on a busy 2-core machine.
  expect: { timeout: 25_000 },
  fullyParallel: true,
  workers: 2,
  reporter: [['list'], ['json', { outputFile: 'tests/artifacts/e2e-results.json' }]],
  use: {
    headless: true,
    viewport: { width: 1366, height: 860 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=vi'],
    },
  },
});
