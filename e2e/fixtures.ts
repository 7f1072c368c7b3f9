import { test as base, expect } from "@playwright/test";

/** Every test fails on a console error or an uncaught exception in the page. */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        // A 401/403 the test provoked on purpose is logged by Chromium as a failed resource load.
        if (message.type() === "error" && !/status of 40[13]/.test(message.text())) errors.push(`${message.text()} (${message.location().url})`);
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
