import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { labelAs, saveScreenshot, setUpProject, signIn } from "./helpers";

const IMAGES = ["images/astronaut.png", "images/chelsea.png", "images/coffee.png", "images/hubble_deep_field.jpg", "images/rocket.jpg"];
const box = (label: string, x: number, y: number, width: number, height: number, score?: number) => ({ task: "objects", type: "bbox", label, x, y, width, height, ...(score === undefined ? {} : { score }) });
const scene = (value: string) => ({ task: "scene", type: "classification", values: [value] });

/** What both labelers draw on each image: alike, so that each is accepted with its consensus as the final label. */
const LABELS: Record<string, object[]> = {
  "astronaut.png": [scene("person"), box("person", 100, 40, 300, 440)],
  "chelsea.png": [scene("animal"), box("cat", 60, 20, 300, 260)],
  "coffee.png": [scene("food"), box("cup", 120, 60, 320, 280)],
  "hubble_deep_field.jpg": [scene("space")],
  "rocket.jpg": [scene("space"), box("rocket", 250, 20, 120, 400)],
};
/** The model: right on the astronaut and the rocket; a cat called a cup, a cup boxed far off, a rocket among the galaxies. */
const PREDICTED: Record<string, object[]> = {
  "astronaut.png": [box("person", 104, 44, 296, 430, 0.93)],
  "chelsea.png": [box("cup", 64, 24, 290, 250, 0.41)],
  "coffee.png": [box("cup", 380, 250, 200, 140, 0.62)],
  "hubble_deep_field.jpg": [box("rocket", 500, 300, 80, 200, 0.3)],
  "rocket.jpg": [box("rocket", 246, 24, 126, 396, 0.88)],
};

/** GET …/evaluation until the job has computed it. */
async function evaluated(page: Page, projectId: string, query: string): Promise<{ slices: { value: string; items: number }[] }> {
  let body: unknown;
  await expect
    .poll(
      async () => {
        const response = await page.request.get(`/api/v1/projects/${projectId}/evaluation?${query}`);
        body = await response.json();
        return response.status();
      },
      { timeout: 30_000 },
    )
    .toBe(200);
  return body as { slices: { value: string; items: number }[] };
}

async function importPredictions(admin: Page, projectId: string, model: { name: string; version: string }, predictions: { item: string; result: object[] }[]) {
  const imported = await admin.request.post(`/api/v1/projects/${projectId}/predictions`, { data: { model, predictions } });
  expect(imported.status(), await imported.text()).toBe(200);
  expect(((await imported.json()) as { imported: number }).imported).toBe(predictions.length);
}

async function projectWithReviewer(admin: Page, config: object, files: string[]): Promise<string> {
  const { projectId } = await setUpProject(admin, config, files, "alice@example.com");
  for (const [email, role] of [["bob@example.com", "labeler"], ["sme@example.com", "reviewer"]]) {
    const added = await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email, role } });
    expect(added.status(), await added.text()).toBe(201);
  }
  return projectId;
}

test("a reviewer goes through a detector's errors with the keyboard, tags them, and the evaluation by tags has those slices", async ({ page, browser, playwright }) => {
  // Three people's sessions, two labelers through all five images and two evaluations: more than 30 s on a shared machine.
  test.slow();
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const tasks = [
    { key: "scene", type: "classification", classes: ["person", "animal", "food", "space"] },
    { key: "objects", type: "bbox", classes: ["person", "cat", "cup", "rocket"] },
  ];
  const projectId = await projectWithReviewer(admin, { name: "E2E error analysis", mediaKind: "image", overlap: 2, maxOverlap: 2, tasks }, IMAGES);
  for (const email of ["alice@example.com", "bob@example.com"]) await labelAs(playwright, email, projectId, (file) => LABELS[file]!, IMAGES.length);
  await importPredictions(admin, projectId, { name: "detector", version: "1" }, Object.entries(PREDICTED).map(([item, result]) => ({ item, result })));
  await admin.close();

  await signIn(page, "sme@example.com");
  await evaluated(page, projectId, "model=detector&version=1&task=objects");
  await page.goto(`/projects/${projectId}/models/errors?model=detector&version=1&task=objects`);
  await expect(page.getByRole("heading", { name: "Error analysis" })).toBeVisible();
  const progress = page.getByRole("status").filter({ hasText: "of the page" });
  await expect(progress).toHaveText("1 of the page (3) · tagged 0");

  // The three errors, in item order; each shows the final label and the prediction in words and over the image.
  const item = page.getByRole("article");
  const names: string[] = [];
  const tagInput = page.getByRole("combobox", { name: "Add a tag" });
  const chips = page.getByRole("list", { name: "This item's tags" }).getByRole("listitem");
  for (let index = 0; index < 3; index++) {
    const name = (await item.getByRole("heading").textContent())!;
    names.push(name);
    await expect(item.getByTestId("outcome")).toContainText("error · matched F1 at IoU 0.5: 0.00");
    if (index < 2) await page.keyboard.press(index ? "ArrowRight" : "j");
  }
  expect(names.sort()).toEqual(["chelsea.png", "coffee.png", "hubble_deep_field.jpg"]);
  await expect(progress).toHaveText("3 of the page (3) · tagged 0");
  await page.keyboard.press("k");
  await page.keyboard.press("ArrowLeft");
  await expect(progress).toHaveText("1 of the page (3) · tagged 0");

  // First item: a new tag, typed after T.
  const first = (await item.getByRole("heading").textContent())!;
  await page.keyboard.press("t");
  await expect(tagInput).toBeFocused();
  await page.keyboard.type("odd framing");
  await page.keyboard.press("Enter");
  await expect(chips).toHaveText(["odd framing×"]);
  await expect(progress).toHaveText("1 of the page (3) · tagged 1");

  // Second: the same tag from the autocomplete, with its count.
  await page.keyboard.press("Escape");
  await page.keyboard.press("j");
  const second = (await item.getByRole("heading").textContent())!;
  await page.keyboard.press("t");
  await page.keyboard.type("fram");
  await expect(page.getByRole("option", { name: /odd framing · 1 item/ })).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(chips).toHaveText(["odd framing×"]);

  // Third: the most used tag by its number; then a tag added and removed again with Backspace.
  await page.keyboard.press("Escape");
  await page.keyboard.press("j");
  const third = (await item.getByRole("heading").textContent())!;
  await expect(page.getByRole("list", { name: "Most used tags" }).getByRole("button").first()).toHaveAccessibleName("1 odd framing");
  await page.keyboard.press("1");
  await expect(chips).toHaveText(["odd framing×"]);
  await page.keyboard.press("t");
  await page.keyboard.type("wrong class");
  await page.keyboard.press("Enter");
  await expect(chips).toHaveText(["odd framing×", "wrong class×"]);
  await page.keyboard.press("Backspace");
  await expect(chips).toHaveText(["odd framing×"]);
  // Another tag, and it stays; one more removed with its chip's button.
  await page.keyboard.type("small object");
  await page.keyboard.press("Enter");
  await expect(chips).toHaveText(["odd framing×", "small object×"]);
  await page.keyboard.type("galaxy");
  await page.keyboard.press("Enter");
  await expect(chips).toHaveText(["odd framing×", "small object×", "galaxy×"]);
  await page.getByRole("button", { name: "Remove tag galaxy" }).click();
  await expect(chips).toHaveText(["odd framing×", "small object×"]);
  await expect(progress).toHaveText("3 of the page (3) · tagged 3");

  // Final label and prediction side by side over the image, with classes and the model's score.
  await expect(item.locator("[data-caption=model]")).toHaveCount(1);
  await expect(item.getByTestId("classes-in-words")).toContainText("model: ");
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toContainText("Add or remove one of the nine most used tags");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await page.keyboard.press("k");
  await page.keyboard.press("k");
  await expect(item.getByRole("heading")).toHaveText(first);
  await saveScreenshot(page, "error-analysis-image");

  // Kept: after a reload the tags are there; untagged only has nothing left.
  await page.reload();
  await expect(progress).toHaveText("1 of the page (3) · tagged 3");
  const tagsOf = async () => chips.allTextContents();
  const seen: Record<string, string[]> = {};
  for (let index = 0; index < 3; index++) {
    seen[(await item.getByRole("heading").textContent())!] = await tagsOf();
    await page.keyboard.press("j");
  }
  expect(seen).toEqual({ [first]: ["odd framing×"], [second]: ["odd framing×"], [third]: ["odd framing×", "small object×"] });
  await page.getByRole("checkbox", { name: "Untagged only" }).check();
  await expect(page.getByText("No errors to look at with these filters.")).toBeVisible();

  // The evaluation sliced by tags has a slice per tag added here.
  const byTags = await evaluated(page, projectId, "model=detector&version=1&task=objects&by=tags");
  expect(byTags.slices.map((slice) => [slice.value, slice.items]).sort()).toEqual(
    expect.arrayContaining([
      ["odd framing", 3],
      ["small object", 1],
    ]),
  );
  expect(byTags.slices.map((slice) => slice.value)).not.toContain("galaxy");

  // Labelers may not look.
  const labeler = await browser.newPage();
  await signIn(labeler, "alice@example.com");
  const refused = await labeler.request.get(`/api/v1/projects/${projectId}/model-errors?model=detector`);
  expect(refused.status()).toBe(403);
  await labeler.close();
});

test("an ASR model's transcript error beside the final label, word by word", async ({ page, browser, playwright }) => {
  test.slow();
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const projectId = await projectWithReviewer(admin, { name: "E2E error analysis audio", mediaKind: "audio", overlap: 2, maxOverlap: 2, tasks: [{ key: "text", type: "transcript" }] }, ["audio/clip3.wav"]);
  for (const email of ["alice@example.com", "bob@example.com"]) await labelAs(playwright, email, projectId, [{ task: "text", type: "transcript", text: "turn on the kitchen lights" }]);
  await importPredictions(admin, projectId, { name: "asr", version: "small" }, [{ item: "clip3.wav", result: [{ task: "text", type: "transcript", text: "turn off the kitchen light" }] }]);
  await admin.close();

  await signIn(page, "sme@example.com");
  await evaluated(page, projectId, "model=asr");
  // Opened without a model: chosen on the page.
  await page.goto(`/projects/${projectId}/models/errors`);
  await page.getByLabel("Model version").selectOption({ label: "asr small (1 predictions)" });
  await page.getByRole("button", { name: "Look at its errors" }).click();
  await expect(page).toHaveURL(/model=asr&version=small&task=text/);
  const item = page.getByRole("article", { name: "Item clip3.wav" });
  await expect(item.getByTestId("classes-in-words")).toHaveText("final: “turn on the kitchen lights” · model: “turn off the kitchen light”");
  await expect(item.getByTestId("outcome")).toHaveText("error · 1 − WER: 0.60");
  const transcripts = item.getByRole("table", { name: "Transcripts: text" });
  await expect(transcripts.getByRole("row", { name: /^Final label / })).toContainText("turn on the kitchen lights");
  const model = transcripts.getByRole("row", { name: /^Model asr small / });
  await expect(model).toContainText("0.40");
  await expect(model.locator("mark")).toHaveCount(2);
  await expect(model.locator("mark").first()).toHaveAttribute("title", "final label said “on”");
  await expect(item.getByTestId("review-waveform")).toBeVisible();
  await expect(item.getByRole("link", { name: "Open in review" })).toHaveAttribute("href", new RegExp(`^/projects/${projectId}/review\\?item=`));
  await saveScreenshot(page, "error-analysis-audio");
});
