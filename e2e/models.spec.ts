import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";
import { labelAs, saveScreenshot, signIn } from "./helpers";

const PROJECT = "Demo: voice search";
const CLIPS = ["clip1.wav", "clip2.wav", "clip3.wav", "clip4.wav", "clip5.wav", "clip6.wav", "noisy_car.wav", "dialogue.wav"];
/** What most labelers hear; carol differs on clip2 and clip4, and the dialogue splits three ways (it goes to review). */
const INTENT: Record<string, string> = { "clip1.wav": "navigation", "clip2.wav": "call", "clip3.wav": "weather", "clip4.wav": "other", "clip5.wav": "navigation", "clip6.wav": "weather", "noisy_car.wav": "call", "dialogue.wav": "other" };
const CAROL: Record<string, string> = { ...INTENT, "clip2.wav": "navigation", "clip4.wav": "call", "dialogue.wav": "weather" };
const BOB: Record<string, string> = { ...INTENT, "dialogue.wav": "call" };
/** The model is wrong on clip3 (en-us) and clip4 (en-sc). */
const PREDICTED: Record<string, string> = { ...INTENT, "clip3.wav": "navigation", "clip4.wav": "call" };

const intent = (value: string) => [{ task: "intent", type: "classification", values: [value] }];

test("a manager imports a model's predictions, evaluates it by accent against the labelers and keeps the team's judgement of each slice", async ({ page, playwright }) => {
  test.setTimeout(120_000);
  await signIn(page, "admin@example.com");
  const { projects } = (await (await page.request.get("/api/v1/projects")).json()) as { projects: { id: string; name: string }[] };
  const projectId = projects.find((project) => project.name === PROJECT)!.id;

  // A project without models (the demo's come with a baseline model).
  const created = await page.request.post("/api/v1/projects", { data: { name: "Models: none yet", mediaKind: "audio", tasks: [{ key: "intent", type: "classification", classes: ["call", "other"] }] } });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto(`/projects/${((await created.json()) as { id: string }).id}/models`);
  await expect(page.getByText("No models yet")).toBeVisible();
  await expect(page.getByText("Import a model version's predictions to evaluate it")).toBeVisible();
  await saveScreenshot(page, "models-empty");

  await page.goto("/projects");
  await page.getByRole("link", { name: PROJECT, exact: true }).click();
  await page.getByRole("link", { name: "Models", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Models", level: 1 })).toBeVisible();

  for (const [email, answers] of [["alice@example.com", INTENT], ["bob@example.com", BOB], ["carol@example.com", CAROL]] as const) {
    await labelAs(playwright, email, projectId, (file) => intent(answers[file]!), CLIPS.length);
  }

  // A JSON Lines file with a prediction of an item the project lacks: imported but that one, whose reason is shown.
  const file = path.join(mkdtempSync(path.join(tmpdir(), "models-e2e-")), "intent-net.jsonl");
  const lines = [...CLIPS.map((clip) => ({ item: clip, result: intent(PREDICTED[clip]!), score: 0.9 })), { item: "missing.wav", result: intent("call") }];
  writeFileSync(file, lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
  await page.getByLabel("Predictions file (JSON or JSON Lines)").setInputFiles(file);
  await expect(page.getByText("9 predictions read from intent-net.jsonl.")).toBeVisible();
  await page.getByLabel("Model name", { exact: true }).fill("intent-net");
  await page.getByLabel("Model version", { exact: true }).fill("1");
  await page.getByRole("button", { name: "Import predictions" }).click();
  await expect(page.getByText("8 imported into intent-net 1; 1 rejected.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Rejected predictions" })).toContainText("missing.wav");
  const versions = page.getByRole("table", { name: "Models of the project" });
  await expect(versions.getByRole("row", { name: /intent-net\s+1\s+8/ })).toBeVisible();
  await saveScreenshot(page, "models-imported");

  // Sliced by accent: the evaluation is computed in the background, then shown with its prioritization table.
  await page.getByLabel("Model version to evaluate").selectOption({ label: "intent-net 1" });
  await page.getByLabel("Slicing").selectOption({ label: "By accent" });
  await expect(page).toHaveURL(/model=intent-net&version=1.*by=meta\.accent/);
  const prioritization = page.getByRole("table", { name: "Prioritization" });
  await expect(prioritization).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Measure: accuracy")).toBeVisible();
  const overall = page.getByRole("region", { name: "Overall" });
  await expect(overall).toContainText("Human level (HLP)");
  await expect(overall).toContainText("without a final label");
  await expect(page.getByText("0.7² + 0.3² = 0.58")).toBeVisible();
  await expect(page.getByRole("table", { name: "Model confusion" })).toBeVisible();
  const labelers = page.getByRole("table", { name: "Labelers against the final label" });
  for (const name of ["Alice", "Bob", "Carol"]) await expect(labelers).toContainText(name);
  // en-us holds clip1, clip3, clip5 and the noisy car clip, the model wrong on clip3: it tops the table.
  await expect(prioritization.getByRole("row").nth(1)).toContainText("en-us");
  await expect(prioritization.getByRole("row").nth(1)).toContainText("75.0%");
  await saveScreenshot(page, "models-evaluation");

  await page.getByLabel("How easy: en-us").fill("easy");
  await page.getByLabel("How important: en-us").fill("high");
  await page.getByLabel("How important: en-us").press("Tab");
  await expect(prioritization.getByRole("status")).toHaveText("Saved");
  await page.reload();
  await expect(page.getByLabel("How easy: en-us")).toHaveValue("easy");
  await expect(page.getByLabel("How important: en-us")).toHaveValue("high");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const csv = readFileSync(await (await download).path(), "utf8").trim().split("\r\n");
  expect(csv[0]).toBe("slice,value,items,share,accuracy,hlp,gap,gap_times_share,ease,importance");
  expect(csv[1]).toMatch(/^meta\.accent,en-us,4,[\d.]+,0\.7500,[\d.]+,[\d.]+,[\d.]+,easy,high$/);
  expect(csv.slice(2).every((row) => row.endsWith(",,"))).toBe(true);

  // Tags: every en-gb clip tagged at once from its metadata (a job), and what the tag means said for everyone.
  const tags = page.getByRole("form", { name: "Tag items by metadata" });
  await tags.getByLabel("Metadata key").fill("accent");
  await tags.getByLabel("Value").fill("en-gb");
  await tags.getByLabel("Tag", { exact: true }).fill("british");
  await tags.getByRole("button", { name: "Tag items" }).click();
  await expect(tags.getByRole("status")).toContainText("Tagging every item whose accent is “en-gb” as “british”");
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("table", { name: "Tags of the project" }).getByRole("row", { name: /british/ })).toContainText("2", { timeout: 1000 });
  }).toPass();
  await page.getByLabel('What "british" means').fill("a British English speaker");
  await page.getByLabel('What "british" means').press("Tab");
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/projects/${projectId}/tags`)).json()) as { tags: { name: string; description: string }[] }).tags.find((tag) => tag.name === "british")?.description)
    .toBe("a British English speaker");
  await saveScreenshot(page, "models-tags");

  // The slice opens the model's errors in it.
  await prioritization.getByRole("link", { name: "en-us" }).click();
  await expect(page).toHaveURL(/\/items\?.*outcome=error.*meta\.accent=en-us/);
  await expect(page.getByText("clip3.wav")).toBeVisible();
  await expect(page.getByText("clip1.wav")).toHaveCount(0);
});

test("labelers get the forbidden page", async ({ page }) => {
  await signIn(page, "alice@example.com");
  const { projects } = (await (await page.request.get("/api/v1/projects")).json()) as { projects: { id: string; name: string }[] };
  // Read without rendering: the browser's own request for a favicon on an error page is no part of this.
  const response = await page.request.get(`/projects/${projects.find((project) => project.name === PROJECT)!.id}/models`);
  expect(response.status()).toBe(403);
  expect(await response.text()).toContain("have access to this page");
});
