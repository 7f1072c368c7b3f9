import { expect, test } from "./fixtures";
import { saveScreenshot, setUpProject, signIn, submittedResults } from "./helpers";

test("a labeler pressing Submit with a required task unanswered and a bow-tie is told what to fix, nothing is sent; fixed, it submits", async ({ page, browser }) => {
  // An administrator's and a labeler's sessions, a project set up and an item labeled: more than the default 30 s on a shared machine.
  test.slow();
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const tasks = [
    { key: "defect", type: "classification", classes: ["ok", "scratch"] },
    { key: "objects", type: "bbox", classes: ["cup"], required: true },
    { key: "outline", type: "polygon", classes: ["saucer"] },
  ];
  const { projectId, itemIds } = await setUpProject(admin, { name: "E2E required tasks", mediaKind: "image", overlap: 1, tasks }, ["images/coffee.png"], "carol@example.com");

  await signIn(page, "carol@example.com");
  await page.goto(`/projects/${projectId}/label`);
  const stage = page.getByTestId("image-stage");
  await expect(stage.locator("canvas").first()).toBeVisible();
  const submits: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/submit")) submits.push(request.url());
  });
  const area = (await stage.boundingBox())!;
  const at = (fx: number, fy: number) => ({ x: Math.round(area.x + area.width * fx), y: Math.round(area.y + area.height * fy) });
  const noShapes = page.getByText("No shapes yet. Pick a tool and draw on the image.");

  // A click without a drag makes no box; three clicks in one place and Enter close no polygon.
  await page.keyboard.press("b");
  await page.mouse.click(at(0.4, 0.4).x, at(0.4, 0.4).y);
  await page.keyboard.press("p");
  for (let click = 0; click < 3; click++) await page.mouse.click(at(0.6, 0.6).x, at(0.6, 0.6).y, { delay: 50 });
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
  await expect(noShapes).toBeVisible();

  // A bow-tie: its first and third edges cross.
  for (const [fx, fy] of [
    [0.3, 0.3],
    [0.5, 0.5],
    [0.5, 0.3],
    [0.3, 0.5],
  ] as const) {
    await page.mouse.click(at(fx, fy).x, at(fx, fy).y);
  }
  await page.keyboard.press("Enter");
  const shapes = page.getByRole("list", { name: "Shapes" });
  await expect(shapes.getByRole("listitem")).toHaveCount(1);

  await page.getByRole("button", { name: /^Submit/ }).click();
  const heldBack = page.getByRole("alert").filter({ hasText: "Not sent" });
  await expect(heldBack).toContainText("Not sent: fix these 3 first.");
  const bowTie = shapes.getByRole("listitem").first();
  await expect(bowTie).toContainText(/polygon "saucer" of task "outline" crosses itself at \(\d+(\.\d+)?, \d+(\.\d+)?\), where edges 1–2 and 3–4 meet/);
  await expect(bowTie).toHaveAttribute("aria-current", "true");
  await expect(page.getByRole("group", { name: /^defect/ })).toContainText('task "defect" is required: choose a class');
  await expect(page.getByText('task "objects" is required: draw at least one box', { exact: true })).toBeVisible();
  await saveScreenshot(page, "labeling-submit-held-back");
  expect(submits).toEqual([]);

  // Fixed one by one, each message goes as its problem does.
  await page.keyboard.press("Delete");
  await expect(noShapes).toBeVisible();
  await page.getByRole("group", { name: /^defect/ }).getByRole("radio", { name: /^ok/ }).click();
  await expect(page.getByRole("group", { name: /^defect/ })).not.toContainText("is required");
  await page.keyboard.press("b");
  await page.mouse.move(at(0.35, 0.35).x, at(0.35, 0.35).y);
  await page.mouse.down();
  await page.mouse.move(at(0.5, 0.55).x, at(0.5, 0.55).y, { steps: 8 });
  await page.mouse.up();
  await expect(shapes.getByRole("listitem")).toHaveCount(1);
  await expect(heldBack).toHaveCount(0);
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("heading", { name: "No more tasks" })).toBeVisible();
  expect(submits).toHaveLength(1);

  const [result] = await submittedResults(admin, itemIds["coffee.png"]!);
  expect((result as { task: string; type: string }[]).map(({ task, type }) => [task, type]).sort()).toEqual([
    ["defect", "classification"],
    ["objects", "bbox"],
  ]);

  // The manager makes the boxes optional with the task builder's checkbox, which writes `required` into the tasks.
  await admin.goto(`/projects/${projectId}/settings`);
  await expect(admin.getByRole("checkbox", { name: "Task 1 required" })).toBeChecked();
  await expect(admin.getByRole("checkbox", { name: "Task 3 required" })).not.toBeChecked();
  await admin.getByRole("checkbox", { name: "Task 2 required" }).uncheck();
  await admin.getByRole("button", { name: "JSON (advanced)" }).click();
  await expect(admin.getByLabel("Tasks (JSON)")).toHaveValue(/"key": "objects",[^}]*"required": false/);
  await saveScreenshot(admin, "project-settings-required");
  await admin.getByRole("button", { name: "Save changes" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  const { tasks: saved } = (await (await admin.request.get(`/api/v1/projects/${projectId}`)).json()) as { tasks: { key: string; required: boolean }[] };
  expect(saved.map((task) => [task.key, task.required])).toEqual([
    ["defect", true],
    ["objects", false],
    ["outline", false],
  ]);
  await admin.close();
});
