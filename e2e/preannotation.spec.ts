import { expect, test } from "./fixtures";
import { saveScreenshot, setUpProject, signIn, submittedResults } from "./helpers";

test("with pre-annotation on, a labeler's task starts from the model's prediction, marked as such; the answer records how far it moved", async ({ page, browser }) => {
  test.slow();
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const tasks = [
    { key: "defect", type: "classification", classes: ["ok", "scratch"] },
    { key: "objects", type: "bbox", classes: ["cup", "saucer"] },
  ];
  const { projectId, itemIds } = await setUpProject(admin, { name: "E2E pre-annotation", mediaKind: "image", overlap: 1, tasks }, ["images/coffee.png"], "carol@example.com");
  const cup = { task: "objects", type: "bbox", label: "cup", x: 120, y: 60, width: 200, height: 150, score: 0.81 };
  const imported = await admin.request.post(`/api/v1/projects/${projectId}/predictions`, {
    data: { model: { name: "detector", version: "3" }, predictions: [{ item: "coffee.png", result: [{ task: "defect", type: "classification", values: ["scratch"], score: 0.6 }, cup] }] },
  });
  expect(await imported.json()).toMatchObject({ imported: 1, rejected: [] });
  const settings = await admin.request.put(`/api/v1/projects/${projectId}/model-settings`, { data: { preannotation: { model: { name: "detector", version: "3" }, holdOutPercent: 0 } } });
  expect(settings.status(), await settings.text()).toBe(200);

  await signIn(page, "carol@example.com");
  await page.goto(`/projects/${projectId}/label`);
  await expect(page.getByTestId("image-stage").locator("canvas").first()).toBeVisible();
  await expect(page.getByText("Pre-filled from the model detector 3: check every label, and change or remove what you see differently.")).toBeVisible();
  // The prediction's class and box are the answer to start from, without their scores.
  await expect(page.getByRole("radio", { name: /^scratch/ })).toBeChecked();
  await expect(page.getByRole("list", { name: "Shapes" }).getByRole("listitem")).toHaveCount(1);
  await saveScreenshot(page, "labeling-preannotated");

  // The labeler disagrees with the class and keeps the box.
  await page.getByRole("radio", { name: /^ok/ }).check();
  await page.getByRole("button", { name: /^Submit/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Submitted" })).toHaveText("Submitted coffee.png.");

  const { score: _score, ...box } = cup;
  expect(await submittedResults(admin, itemIds["coffee.png"]!)).toEqual([[{ task: "defect", type: "classification", values: ["ok"] }, box]]);
  // The class changed, the box did not: half the tasks kept, as the anchoring figure counts it.
  const anchoring = (await (await admin.request.get(`/api/v1/projects/${projectId}/model-settings`)).json()) as { anchoring: unknown };
  expect(anchoring.anchoring).toEqual({ shown: { answers: 1, agreement: 0.5 }, heldOut: { answers: 0, agreement: null } });

  // The dashboard shows the same pull of pre-annotation.
  await admin.goto(`/projects/${projectId}/dashboard`);
  const card = admin.getByLabel("Anchoring");
  await expect(card).toContainText("Agreement with the model, shown50.0%1 answer");
  await expect(admin.getByText("Labelers start from detector 3's predictions, held back on 0% of each labeler's items.")).toBeVisible();
  await saveScreenshot(admin, "dashboard-preannotation");
  await admin.close();
});
