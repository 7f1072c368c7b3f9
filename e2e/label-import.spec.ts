import { expect, test } from "@playwright/test";
import { fixture, saveScreenshot, setUpProject, signIn } from "./helpers";

test("label files among the dropped files ask whose labels they are (issue 21)", async ({ page }) => {
  await signIn(page, "admin@example.com");
  const config = { name: `Datasets ${Date.now().toString(36)}`, mediaKind: "image", tasks: [{ key: "things", type: "bbox", classes: ["mug", "cat"] }] };
  const { projectId } = await setUpProject(page, config, ["images/chelsea.png"], "alice@example.com");
  await page.goto(`/projects/${projectId}`);
  const coco = { images: [{ id: 1, file_name: "coffee.png" }, { id: 2, file_name: "chelsea.png" }], annotations: [{ image_id: 1, category_id: 1, bbox: [100, 50, 200, 150] }, { image_id: 2, category_id: 3, bbox: [1, 1, 5, 5] }], categories: [{ id: 1, name: "mug" }, { id: 3, name: "dog" }] };
  await page.getByLabel("Files to import").setInputFiles([fixture("images/coffee.png"), { name: "instances.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(coco)) }]);
  await page.getByLabel("Whose labels").selectOption("alice@example.com");
  await saveScreenshot(page, "label-import-choice");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "COCO annotation" })).toContainText("1 COCO annotation imported.");
  await saveScreenshot(page, "label-import-report");
});
