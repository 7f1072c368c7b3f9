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
  await page.getByRole("radiogroup", { name: "Why skip?" }).getByRole("radio", { name: /Other/ }).check();
  await page.getByLabel("Why? (required with Other)").fill("image too dark to judge");
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

test.describe("guidelines published while labeling", () => {
  // The workspace's prefetch of the next task is refused (409) until the new version is read.
  test.use({ expectedFailedLoads: [401, 403, 409] });

  test("after a manager publishes new guidelines, a labeler sees what changed before the next task", async ({ page, browser }) => {
    const admin = await browser.newPage();
    await signIn(admin, "admin@example.com");
    const { projects } = (await (await admin.request.get("/api/v1/projects")).json()) as { projects: { id: string; name: string }[] };
    const project = projects.find((candidate) => candidate.name === "Demo: photo objects")!;
    /** Publishes the current guidelines with one more rule. */
    const publish = async (rule: string, changeNote: string) => {
      const current = (await (await admin.request.get(`/api/v1/projects/${project.id}`)).json()) as { guidelines: { body: string } };
      const published = await admin.request.patch(`/api/v1/projects/${project.id}`, { data: { guidelines: `${current.guidelines.body}${rule}\n`, guidelinesChangeNote: changeNote } });
      expect(published.status()).toBe(200);
    };
    await publish("- **reflections**: a reflection of an object is not the object; do not box it.", "reflections are not objects");

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

    // Changed again while she labels: the task on screen is hers to submit; the next waits until she has read version 3
    // (the server leases nothing new before that).
    await publish("- **screens**: an object shown on a screen is boxed as the object.", "objects on screens");
    const submitted = await page.getByTestId("item-name").textContent();
    await page.keyboard.press("3");
    await page.keyboard.press("Control+Enter");
    await expect(page.getByRole("heading", { name: "Guidelines changed: v2 → v3" })).toBeVisible();
    await saveScreenshot(page, "guidelines-changed-while-labeling");
    await page.getByRole("button", { name: "I have read version 3" }).click();
    await expect(page.getByTestId("image-stage").locator("canvas").first()).toBeVisible();
    await expect(page.getByTestId("item-name")).not.toHaveText(submitted!);
    await admin.close();

    await page.getByRole("link", { name: "Guidelines v3" }).click();
    await expect(page.getByRole("heading", { name: /Guidelines/ }).first()).toBeVisible();
    await saveScreenshot(page, "guidelines-page");
  });
});
