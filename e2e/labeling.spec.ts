import { expect, test } from "./fixtures";
import { saveScreenshot, signIn } from "./helpers";

test("a labeler reads the guidelines, answers by keyboard, the draft survives a reload, submits with Ctrl+Enter and skips with a reason", async ({ page, browser }) => {
  await signIn(page, "alice@example.com");
  await page.getByRole("link", { name: "Demo: photo objects" }).click();
  await page.getByRole("link", { name: "Start labeling" }).click();
  // First time in the project: the guidelines come before the first task.
  await expect(page.getByRole("heading", { name: "Read the guidelines before you start" })).toBeVisible();
  await page.getByRole("button", { name: "I have read version 1" }).click();
  const item = page.getByTestId("item-name");
  await expect(page.getByTestId("image-stage").locator("canvas").first()).toBeVisible();
  const firstName = await item.textContent();

  // Keyboard alone: 3 is the third class ("space"), u the uncertainty class.
  const draftSaved = page.waitForResponse((response) => response.url().includes("/draft") && response.request().method() === "PUT");
  await page.keyboard.press("u");
  await expect(page.getByRole("button", { name: /^unsure/ })).toHaveAttribute("aria-pressed", "true");
  expect((await draftSaved).status()).toBe(200);
  await saveScreenshot(page, "labeling-workspace");

  await page.reload();
  await expect(item).toHaveText(firstName!);
  await expect(page.getByRole("button", { name: /^unsure/ })).toHaveAttribute("aria-pressed", "true");

  await page.keyboard.press("3");
  await expect(page.getByRole("button", { name: /^space/ })).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("status").filter({ hasText: "Submitted" })).toHaveText(`Submitted ${firstName}.`);
  await expect(item).not.toHaveText(firstName!);

  const secondName = await item.textContent();
  await page.getByRole("button", { name: "Skip", exact: true }).click();
  await page.getByLabel("Why skip?").fill("image too dark to judge");
  await page.getByRole("button", { name: "Skip this item" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Skipped" })).toHaveText(`Skipped ${secondName}.`);

  await page.getByRole("link", { name: "← Demo: photo objects" }).click();
  await expect(page.getByText("You labeled 1 · 0 of 4 items complete")).toBeVisible();

  // The stored annotation, seen by a manager: the submitted item is in progress with alice's answer.
  const manager = await browser.newPage();
  await signIn(manager, "admin@example.com");
  const projectId = page.url().split("/").at(-1)!;
  const { items } = (await (await manager.request.get(`/api/v1/projects/${projectId}/items?status=in_progress`)).json()) as { items: { originalName: string }[] };
  expect(items.map((entry) => entry.originalName)).toContain(firstName);
  await manager.close();
});
