import { expect, test } from "./fixtures";
import { saveScreenshot, signIn } from "./helpers";

test("a labeler answers by keyboard, the draft survives a reload, submits with Ctrl+Enter and skips with a reason", async ({ page, browser }) => {
  await signIn(page, "alice@example.com");
  await page.getByRole("link", { name: "Demo: photo objects" }).click();
  await page.getByRole("link", { name: "Start labeling" }).click();
  const item = page.getByRole("region", { name: "Item" });
  await expect(item.getByRole("img")).toBeVisible();
  const firstName = await item.getByRole("img").getAttribute("alt");

  // Keyboard alone: 3 is the third class ("space"), u the uncertainty class.
  const draftSaved = page.waitForResponse((response) => response.url().includes("/draft") && response.request().method() === "PUT");
  await page.keyboard.press("u");
  await expect(page.getByRole("button", { name: /^unsure/ })).toHaveAttribute("aria-pressed", "true");
  expect((await draftSaved).status()).toBe(200);
  await saveScreenshot(page, "labeling-workspace");

  await page.reload();
  await expect(item.getByRole("img")).toHaveAttribute("alt", firstName!);
  await expect(page.getByRole("button", { name: /^unsure/ })).toHaveAttribute("aria-pressed", "true");

  await page.keyboard.press("3");
  await expect(page.getByRole("button", { name: /^space/ })).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("status").filter({ hasText: "Submitted" })).toHaveText(`Submitted ${firstName}.`);
  await expect(item.getByRole("img")).not.toHaveAttribute("alt", firstName!);

  const secondName = await item.getByRole("img").getAttribute("alt");
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
