import type { Browser, Page, Response } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expireLeases, saveScreenshot, setUpProject, signIn, submittedResults } from "./helpers";

// The labeler's clock is not the server's: lease times must be said in Kolkata time (UTC+5:30) here.
// Stale tabs and ended leases are refused with 409 on purpose.
test.use({ timezoneId: "Asia/Kolkata", locale: "en-US", expectedFailedLoads: [401, 403, 409] });

const KIND = { key: "kind", type: "classification", classes: ["cup", "mug", "glass"] };
const kind = (value: string) => [{ task: "kind", type: "classification", values: [value] }];

/** A project of one image for bob, and bob's workspace open on it. */
async function openTask(browser: Browser, page: Page, name: string) {
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const { projectId, itemIds } = await setUpProject(admin, { name, mediaKind: "image", overlap: 1, tasks: [KIND] }, ["images/coffee.png"], "bob@example.com");
  await signIn(page, "bob@example.com");
  await page.goto(`/projects/${projectId}/label`);
  await expect(page.getByTestId("image-stage").locator("canvas").first()).toBeVisible();
  return { admin, projectId, itemId: itemIds["coffee.png"]! };
}

/** The next draft save's response (autosave waits two seconds after a change). */
const draftSave = (page: Page): Promise<Response> => page.waitForResponse((response) => response.url().includes("/draft") && response.request().method() === "PUT");

test("a second tab's stale save is refused with a way to load the newer version, which brings the first tab's answer", async ({ page, browser }) => {
  test.slow(); // two workspaces and three autosaves, each two seconds after its change
  const { admin, itemId } = await openTask(browser, page, "E2E two tabs");
  const second = await page.context().newPage();
  await second.goto(page.url());
  await expect(second.getByTestId("image-stage").locator("canvas").first()).toBeVisible();

  // Both tabs start from the same lease; the first saves "cup" (version 0 → 1).
  const firstSaved = draftSave(page);
  await page.keyboard.press("1");
  expect((await firstSaved).status()).toBe(200);

  // The second, still on version 0, saves "mug": refused, and its answer stays on screen.
  const secondSaved = draftSave(second);
  await second.keyboard.press("2");
  expect((await secondSaved).status()).toBe(409);
  const message = second.getByTestId("task-message");
  await expect(message).toContainText("This task changed in another tab.");
  await expect(message).toBeInViewport();
  await expect(second.getByRole("radio", { name: /^mug/ })).toBeChecked();
  await saveScreenshot(second, "stale-tab-message");

  await message.getByRole("button", { name: "Load the newer version" }).click();
  await expect(second.getByRole("radio", { name: /^cup/ })).toBeChecked();
  await expect(message).toHaveCount(0);
  await expect(second.getByRole("button", { name: "Undo" })).toBeDisabled(); // the history starts from the loaded draft
  // Now up to date, it saves again ("glass", version 1 → 2) …
  const resumed = draftSave(second);
  await second.keyboard.press("3");
  expect((await resumed).status()).toBe(200);

  // … and the first tab, still on version 1, cannot submit over it; loading brings "glass", which it submits.
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("task-message")).toContainText("This task changed in another tab.");
  await page.getByRole("button", { name: "Load the newer version" }).click();
  await expect(page.getByRole("radio", { name: /^glass/ })).toBeChecked();
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("heading", { name: "No more tasks" })).toBeVisible();
  expect(await submittedResults(admin, itemId)).toEqual([kind("glass")]);
  await admin.close();
});

test("an ended lease is said in the labeler's local time, in view, with the answer one click from the clipboard", async ({ page, browser }) => {
  test.slow(); // two autosaves, and a process of its own to end the lease
  const { admin, projectId } = await openTask(browser, page, "E2E lease ended");
  await admin.close();
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const saved = draftSave(page);
  await page.keyboard.press("1");
  expect((await saved).status()).toBe(200);

  const expiredAt = new Date(Date.now() - 60_000);
  expireLeases(projectId, expiredAt);
  // The labeler had scrolled down to the sidebar when the refusal came.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const refused = draftSave(page);
  await page.keyboard.press("2");
  expect((await refused).status()).toBe(409);
  const message = page.getByTestId("task-message");
  const kolkata = new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Kolkata", hour: "2-digit", minute: "2-digit" }).format(expiredAt);
  await expect(message).toContainText(`Your lease on this item ended at ${kolkata} (your time)`);
  await expect(message).not.toContainText(expiredAt.toISOString().slice(0, 16));
  await expect(message).toBeInViewport();
  await saveScreenshot(page, "lease-ended-message");

  await message.getByRole("button", { name: "Copy answer" }).click();
  await expect(message.getByRole("status")).toHaveText("Copied your answer (1 entry, JSON) to the clipboard.");
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(kind("mug"));

  // Asking again leases the item afresh, with the draft saved before the lease ended.
  await message.getByRole("button", { name: "Ask for a task again" }).click();
  await expect(message).toHaveCount(0);
  await expect(page.getByRole("radio", { name: /^cup/ })).toBeChecked();
});
