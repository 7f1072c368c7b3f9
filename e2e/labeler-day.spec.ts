import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { saveScreenshot, setUpProject, signIn } from "./helpers";

test("a labeler picks the box class before drawing, sees progress, skips with a listed reason and with other; the manager sees why", async ({ page, browser }) => {
  test.slow();
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const tasks = [
    { key: "scene", type: "classification", classes: ["food", "space"] },
    { key: "objects", type: "bbox", classes: ["cup", "spoon", "saucer"] },
  ];
  const files = ["images/coffee.png", "images/chelsea.png", "images/astronaut.png"];
  const { projectId, itemIds } = await setUpProject(admin, { name: "E2E labeler's day", mediaKind: "image", overlap: 1, tasks }, files, "carol@example.com");

  // The manager's own reasons, set in the settings; a duplicate is named next to the field.
  await admin.goto(`/projects/${projectId}/settings`);
  const reasons = admin.getByLabel(/Reasons labelers choose from/);
  await reasons.fill("Image is blurry\nNot a kitchen photo\nimage is blurry");
  await admin.getByRole("button", { name: "Save skip reasons" }).click();
  const skipSettings = admin.getByRole("region", { name: "Skip reasons" });
  await expect(skipSettings.getByRole("alert")).toHaveText(`Line 3: "image is blurry" is listed twice`);
  await reasons.fill("Image is blurry\nNot a kitchen photo");
  await admin.getByRole("button", { name: "Save skip reasons" }).click();
  await expect(admin.getByText("Skip reasons saved.")).toBeVisible();
  await saveScreenshot(admin, "skip-reasons-settings");

  await signIn(page, "carol@example.com");
  await page.goto(`/projects/${projectId}/label`);
  const stage = page.getByTestId("image-stage");
  await expect(stage.locator("canvas").first()).toBeVisible();
  const progress = page.getByTestId("labeling-progress");
  await expect(progress).toHaveText("You submitted 0 of 3 items in this project; 0 today");

  // The image has classes of its own (plain keys), so Shift+2 picks the second box class before drawing.
  const boxClass = page.getByRole("radiogroup", { name: "objects class" });
  await expect(boxClass.getByRole("radio", { name: /^cup/ })).toBeChecked();
  await page.keyboard.press("Shift+2");
  await expect(boxClass.getByRole("radio", { name: /^spoon/ })).toBeChecked();
  const area = (await stage.boundingBox())!;
  const screen = (fx: number, fy: number) => ({ x: Math.round(area.x + area.width * fx), y: Math.round(area.y + area.height * fy) });
  await drag(page, screen(0.3, 0.3), screen(0.45, 0.5));
  await page.keyboard.press("Escape");
  // The next box starts from the class used last, not the first.
  await drag(page, screen(0.55, 0.35), screen(0.7, 0.6));
  const shapes = page.getByRole("list", { name: "Shapes" });
  await expect(shapes.getByRole("listitem")).toHaveCount(2);
  await expect(shapes.getByRole("combobox", { name: "Class of 1" })).toHaveValue("spoon");
  await expect(shapes.getByRole("combobox", { name: "Class of 2" })).toHaveValue("spoon");
  // With box 2 selected, box 1's class changed in the list changes box 1 only, and is the class of the next boxes.
  await shapes.getByRole("combobox", { name: "Class of 1" }).selectOption("saucer");
  await expect(shapes.getByRole("combobox", { name: "Class of 1" })).toHaveValue("saucer");
  await expect(shapes.getByRole("combobox", { name: "Class of 2" })).toHaveValue("spoon");
  await expect(boxClass.getByRole("radio", { name: /^saucer/ })).toBeChecked();
  await page.keyboard.press("Escape");
  await page.keyboard.press("1"); // the scene: food
  await expect(page.getByRole("radio", { name: /^food/ })).toBeChecked();
  const submit = page.getByRole("button", { name: /^Submit/ });
  const submitAt = await submit.boundingBox();
  await saveScreenshot(page, "labeler-day-workspace");

  const first = await page.getByTestId("item-name").textContent();
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("status").filter({ hasText: "Submitted" })).toHaveText(`Submitted ${first}.`);
  await expect(progress).toHaveText("You submitted 1 of 3 items in this project; 1 today");
  // Submit stayed where it was, though the panels beside the image changed.
  expect(await submit.boundingBox()).toEqual(submitAt);

  // A listed reason, by its number key.
  const second = (await page.getByTestId("item-name").textContent())!;
  await page.getByRole("button", { name: "Skip", exact: true }).click();
  const why = page.getByRole("radiogroup", { name: "Why skip?" });
  await expect(why.getByRole("radio")).toHaveCount(3);
  await page.keyboard.press("1");
  await expect(why.getByRole("radio", { name: /Image is blurry/ })).toBeChecked();
  await saveScreenshot(page, "labeler-day-skip-reasons");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Skipped" })).toHaveText(`Skipped ${second}.`);

  // Other needs the labeler's words, asked for next to the field.
  const third = (await page.getByTestId("item-name").textContent())!;
  await page.getByRole("button", { name: "Skip", exact: true }).click();
  await page.keyboard.press("0");
  await expect(why.getByRole("radio", { name: /Other/ })).toBeChecked();
  await page.getByRole("button", { name: "Skip this item" }).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toHaveText("Say why you skip.");
  await page.getByLabel("Why? (required with Other)").fill("a cat, not a kitchen");
  await saveScreenshot(page, "labeler-day-skip-other");
  await page.getByRole("button", { name: "Skip this item" }).click();
  await expect(page.getByRole("heading", { name: "No more tasks" })).toBeVisible();
  await expect(page.getByText("This session: 1 submitted, 2 skipped.")).toBeVisible();

  // The manager: the dashboard counts skips by reason, and an item's review shows who skipped it and why.
  await admin.goto(`/projects/${projectId}/dashboard`);
  const byReason = admin.getByRole("list", { name: "Skips by reason" });
  await expect(byReason.getByRole("listitem")).toHaveText(["Image is blurry1", "Not a kitchen photo0", "Other (with a note)1"]);
  await byReason.scrollIntoViewIfNeeded();
  await saveScreenshot(admin, "labeler-day-dashboard-skips");
  await admin.goto(`/projects/${projectId}/review?item=${itemIds[third]}`);
  await expect(admin.getByRole("list", { name: "Skips" })).toContainText("Carol");
  await expect(admin.getByRole("list", { name: "Skips" })).toContainText("other — “a cat, not a kitchen”");
  await saveScreenshot(admin, "labeler-day-review-skips");
  await admin.goto(`/projects/${projectId}/review?item=${itemIds[second]}`);
  await expect(admin.getByRole("list", { name: "Skips" })).toContainText(": Image is blurry");

  // Later specs count the demo labelers' projects.
  const carol = ((await (await admin.request.get(`/api/v1/projects/${projectId}/members`)).json()) as { members: { userId: string; email: string }[] }).members.find((member) => member.email === "carol@example.com")!;
  expect((await admin.request.delete(`/api/v1/projects/${projectId}/members/${carol.userId}`)).status()).toBe(204);
  await admin.close();
});

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}
