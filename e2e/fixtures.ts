import { test as base, expect } from "@playwright/test";

/**
 * Every test fails on a console error or an uncaught exception in the page. `expectedFailedLoads`: the
 * HTTP statuses a test provokes on purpose, which Chromium logs as failed resource loads (401 and 403
 * unless a test says otherwise). `expectedConsoleErrors`: other errors a test provokes on purpose, such
 * as a load the Content-Security-Policy refuses.
 */
export const test = base.extend<{ pageErrors: string[]; expectedFailedLoads: number[]; expectedConsoleErrors: RegExp[] }>({
  expectedFailedLoads: [[401, 403], { option: true }],
  expectedConsoleErrors: [[], { option: true }],
  pageErrors: [
    async ({ page, expectedFailedLoads, expectedConsoleErrors }, use) => {
      const errors: string[] = [];
      const expected = [new RegExp(`status of (${expectedFailedLoads.join("|")})\\b`), ...expectedConsoleErrors];
      page.on("console", (message) => {
        if (message.type() === "error" && !expected.some((pattern) => pattern.test(message.text()))) errors.push(`${message.text()} (${message.location().url})`);
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
