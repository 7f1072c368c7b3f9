import { expect, test } from "./fixtures";
import { saveScreenshot, signIn } from "./helpers";

test("a labeler reads the guidelines, answers by keyboard, the draft survives a reload, submits with Ctrl+Enter and skips with a reason", async ({ page, browser }) => {
  await signIn(page, "alice@example.com");
  await page.getByRole("link", { name: "Demo: photo objects", exact: true }).click();
  await page.getByRole("link", { name: "Start labeling", exact: true }).click();
  // First time in the project: the guidelines come before the first task.
  await expect(page.getByRole("heading", { name: "Read the guidelines before you start" })).toBeVisible();
  await page.getByRole("button", { name: "I have read version 1" }).click();
  const item = page.getByTestId("item-name");
  await expect(page.getByTestId("image-stage").locator("canvas").first()).toBeVisible();
  const firstName = await item.textContent();

  // Keyboard alone: 3 is the third class ("space"), u the uncertainty class.
  const draftSaved = page.waitForResponse((response) => response.url().includes("/draft") && response.request().method() === "PUT");
  await page.keyboard.press("u");
  await expect(page.getByRole("radio", { name: /^unsure/ })).toBeChecked();
  expect((await draftSaved).status()).toBe(200);
  await saveScreenshot(page, "labeling-workspace");

  await page.reload();
  await expect(item).toHaveText(firstName!);
  await expect(page.getByRole("radio", { name: /^unsure/ })).toBeChecked();

  await page.keyboard.press("3");
  await expect(page.getByRole("radio", { name: /^space/ })).toBeChecked();
  // Single choice: the chosen class's key again keeps it chosen.
  await page.keyboard.press("3");
  await expect(page.getByRole("radio", { name: /^space/ })).toBeChecked();
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("status").filter({ hasText: "Submitted" })).toHaveText(`Submitted ${firstName}.`);
  await expect(item).not.toHaveText(firstName!);

  const secondName = await item.textContent();
  await page.getByRole("button", { name: "Skip", exact: true }).click();
  await page.getByLabel("Why skip?").fill("image too dark to judge");
  await page.getByRole("button", { name: "Skip this item" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Skipped" })).toHaveText(`Skipped ${secondName}.`);

  await page.getByRole("link", { name: "← Demo: photo objects" }).click();
  await expect(page.getByText("You labeled 1 · 0 of 4 items have all their labels")).toBeVisible();

  // The stored annotation, seen by a manager: the submitted item is in progress with alice's answer.
  const manager = await browser.newPage();
  await signIn(manager, "admin@example.com");
  const projectId = page.url().split("/").at(-1)!;
  const { items } = (await (await manager.request.get(`/api/v1/projects/${projectId}/items?status=in_progress`)).json()) as { items: { originalName: string }[] };
  expect(items.map((entry) => entry.originalName)).toContain(firstName);
  await manager.close();
});

test("after a manager publishes new guidelines, a labeler sees what changed before the next task", async ({ page, browser }) => {
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const { projects } = (await (await admin.request.get("/api/v1/projects")).json()) as { projects: { id: string; name: string }[] };
  const project = projects.find((candidate) => candidate.name === "Demo: photo objects")!;
  const current = (await (await admin.request.get(`/api/v1/projects/${project.id}`)).json()) as { guidelines: { body: string } };
  const clarified = `${current.guidelines.body}- **reflections**: a reflection of an object is not the object; do not box it.\n`;
  const published = await admin.request.patch(`/api/v1/projects/${project.id}`, { data: { guidelines: clarified, guidelinesChangeNote: "reflections are not objects" } });
  expect(published.status()).toBe(200);
  await admin.close();

  // Alice confirmed version 1 in the first test; now version 2 comes first, as a diff.
  // The labeler's home: each project with their progress and a way straight into labeling.
  await signIn(page, "alice@example.com");
  await expect(page.getByRole("listitem").filter({ hasText: "Demo: photo objects" })).toContainText("You labeled 1");
  await saveScreenshot(page, "labeler-home");
  await page.getByRole("link", { name: "Start labeling Demo: photo objects" }).click();
  await expect(page.getByRole("heading", { name: "Guidelines changed: v1 → v2" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Change notes" })).toContainText("reflections are not objects");
  await expect(page.getByRole("region", { name: "Guidelines text" })).toContainText("a reflection of an object is not the object");
  await saveScreenshot(page, "guidelines-changed");
  await page.getByRole("button", { name: "I have read version 2" }).click();
  await expect(page.getByTestId("image-stage").locator("canvas").first()).toBeVisible();

  await page.getByRole("link", { name: "Guidelines v2" }).click();
  await expect(page.getByRole("heading", { name: /Guidelines/ }).first()).toBeVisible();
  await saveScreenshot(page, "guidelines-page");
});
