import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { unzip } from "../lib/testing/zip";
import { expect, test } from "./fixtures";
import { labelAs, saveScreenshot, setUpProject, signIn } from "./helpers";

async function addReviewer(admin: Page, projectId: string) {
  const added = await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email: "sme@example.com", role: "reviewer" } });
  expect(added.status()).toBe(201);
}

async function openReview(page: Page, projectName: string) {
  await signIn(page, "sme@example.com");
  await page.getByRole("link", { name: projectName, exact: true }).click();
  await page.getByRole("link", { name: "Review", exact: true }).click();
}

async function decide(page: Page, choice: string, reason: string, category: string, progress = "1 decided this session · 0 waiting") {
  await page.getByRole("radio", { name: choice }).check();
  await page.getByLabel("Reason", { exact: true }).fill(reason);
  await page.getByLabel("Category").selectOption({ label: category });
  await page.getByRole("button", { name: "Record decision" }).click();
  await expect(page.getByText("Nothing waiting for review.")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "decided" })).toHaveText(progress);
}

test("a reviewer sees three labelers' boxes on a disputed image, accepts one version with a reason, and the item leaves the queue", async ({ page, browser, playwright }) => {
  // Four people's sessions, a review meeting, settings, an export and the dashboard: more than the default 30 s on a shared machine.
  test.slow();
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const tasks = [{ key: "objects", type: "bbox", classes: ["cup", "spoon"] }];
  const { projectId, itemIds } = await setUpProject(admin, { name: "E2E review photos", mediaKind: "image", overlap: 3, maxOverlap: 3, tasks }, ["images/coffee.png"], "alice@example.com");
  for (const email of ["bob@example.com", "carol@example.com"]) await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email, role: "labeler" } });
  await addReviewer(admin, projectId);
  const box = (x: number, y: number, width: number, height: number, label = "cup") => ({ task: "objects", type: "bbox", label, x, y, width, height });
  await labelAs(playwright, "alice@example.com", projectId, [box(100, 100, 150, 120)]);
  await labelAs(playwright, "bob@example.com", projectId, [box(400, 250, 100, 80, "spoon")]);
  await labelAs(playwright, "carol@example.com", projectId, [box(104, 102, 148, 118)]);

  await openReview(page, "E2E review photos");
  await expect(page.getByRole("list", { name: "Review queue" }).getByRole("button")).toHaveText([/coffee\.png/]);
  await expect(page.getByRole("list", { name: "Why it is here" })).toContainText("low-agreement");
  // One overlay per labeler, in their own colours, plus the consensus of the two who agree.
  const overlay = page.getByRole("img", { name: "Labelers' shapes" });
  await expect(overlay.locator("rect")).toHaveCount(4);
  await page.getByRole("checkbox", { name: "Show Bob Labeler" }).uncheck();
  await expect(overlay.locator("rect")).toHaveCount(3);
  await page.getByRole("checkbox", { name: "Show Bob Labeler" }).check();
  await saveScreenshot(page, "review-image");

  // A named session over the queue; the decision is the manager's, recorded by the reviewer at the meeting.
  await page.getByLabel("New session name").fill("Calibration");
  await page.getByRole("button", { name: "Start" }).click();
  await expect(page.getByRole("status").filter({ hasText: "decided" })).toHaveText("0 of 1 decided in Calibration");
  await page.getByLabel("Decided by").selectOption({ label: "Ada Admin (manager)" });
  await decide(page, "Accept Alice Labeler's version", "Bob boxed the spoon; the task is the cup.", "Labeling error", "1 of 1 decided in Calibration");
  await expect(page.getByRole("list", { name: "Review queue" })).toContainText("decided by Ada Admin");
  const item = (await (await page.request.get(`/api/v1/items/${itemIds["coffee.png"]}`)).json()) as { review: { state: string; gold: unknown; decisions: { reason: string; category: string }[] } };
  expect(item.review).toMatchObject({ state: "resolved", gold: [box(100, 100, 150, 120)], decisions: [{ reason: "Bob boxed the spoon; the task is the cup.", category: "labeling-error" }] });

  // Bob learns why his answer was not the final one.
  const bob = await browser.newPage();
  await signIn(bob, "bob@example.com");
  await bob.goto(`/projects/${projectId}/feedback`);
  await expect(bob.getByRole("list", { name: "Resolved differently" })).toContainText("Bob boxed the spoon; the task is the cup.");
  await expect(bob.getByRole("table", { name: "Agreement by day" }).getByRole("row")).toHaveCount(2);
  await saveScreenshot(bob, "labeler-feedback");
  await bob.close();

  // The manager's quality settings: review thresholds and a class merge, with agreement before and after.
  await admin.goto(`/projects/${projectId}/settings`);
  await admin.getByLabel("Least box/polygon matched F1").fill("0.5");
  await admin.getByLabel(/^Class merges/).fill("objects: spoon -> cup");
  await admin.getByRole("button", { name: "Save quality settings" }).click();
  await expect(admin.getByText("Saved. Items are judged with these rules from their next label on.")).toBeVisible();
  await expect(admin.getByRole("table", { name: "Agreement before and after standardization" }).getByRole("row")).toHaveCount(2);
  const project = (await (await admin.request.get(`/api/v1/projects/${projectId}`)).json()) as { reviewRules: { minShapeF1: number }; standardization: unknown };
  expect(project.reviewRules.minShapeF1).toBe(0.5);
  expect(project.standardization).toEqual({ classMerges: [{ task: "objects", from: ["spoon"], to: "cup" }], transcriptRules: [] });
  await saveScreenshot(admin, "quality-settings");

  // The manager starts a COCO export job from the project page and downloads it from the recent exports once done:
  // the resolved item with Alice's box.
  await admin.goto(`/projects/${projectId}`);
  const exportForm = admin.getByRole("region", { name: "Export" });
  const recentExports = exportForm.getByRole("list", { name: "Recent exports" });
  /** Starts an export with the form as it is; once done, downloads it from the list (the newest first). */
  const exportAndDownload = async () => {
    const before = await recentExports.getByRole("listitem").count();
    await exportForm.getByRole("button", { name: "Start export" }).click();
    await expect(recentExports.getByRole("listitem")).toHaveCount(before + 1);
    const run = recentExports.getByRole("listitem").first();
    await expect(run).toContainText("Done", { timeout: 60_000 });
    await expect(run).toContainText(/manifest sha256 [0-9a-f]{64}/);
    return (await Promise.all([admin.waitForEvent("download"), run.getByRole("link", { name: "Download" }).click()]))[0];
  };
  await exportForm.getByLabel("Format").selectOption("coco");
  const download = await exportAndDownload();
  expect(download.suggestedFilename()).toBe("E2E-review-photos-coco.zip");
  const files = await unzip(readFileSync(await download.path()));
  const coco = JSON.parse(files.get("annotations/instances_all.json")!) as { annotations: { bbox: number[] }[] };
  expect(coco.annotations.map((annotation) => annotation.bbox)).toEqual([[100, 100, 150, 120]]);
  expect(JSON.parse(files.get("manifest.json")!)).toMatchObject({ items: 1, parameters: { format: "coco", labels: "final" } });
  // Only what the API takes for the format: every labeler's annotations for JSONL and Label Studio, polygons for YOLO.
  // By the start of their names: a select's name ends with its chosen option ("Format COCO (boxes and polygons)").
  const control = (name: string) => exportForm.getByRole("combobox", { name: new RegExp(`^${name}`) });
  const labelChoices = () => control("Labels").locator("option").allTextContents();
  expect(await labelChoices()).not.toContain("All annotations (every labeler's)");
  await expect(control("Polygons")).toHaveCount(0);
  await exportForm.getByLabel("Format").selectOption("label-studio");
  expect(await labelChoices()).toContain("All annotations (every labeler's)");
  await control("Labels").selectOption("all");
  // Only the formats that fit the project's images (issue 21): no ASR manifest or segments CSV for photos.
  const formats = await exportForm.getByLabel("Format").locator("option").evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
  expect(formats).toEqual(expect.arrayContaining(["jsonl", "csv", "coco", "yolo", "voc", "cvat", "label-studio"]));
  expect(formats).not.toContain("asr-manifest");
  expect(formats).not.toContain("segments-csv");
  await exportForm.getByLabel("Format").selectOption("yolo");
  await expect(control("Labels")).toHaveValue("final");
  await expect(control("Manifest lines")).toHaveCount(0);
  await control("Polygons").selectOption("segments");
  const yolo = await exportAndDownload();
  await expect(recentExports.getByRole("listitem")).toHaveCount(2);
  await saveScreenshot(admin, "export-panel");
  expect(JSON.parse((await unzip(readFileSync(await yolo.path()))).get("manifest.json")!)).toMatchObject({ parameters: { format: "yolo", labels: "final", polygons: "segments" } });

  // The dashboard: the resolved item, and the three labelers with their agreement with the final label.
  await admin.getByRole("link", { name: "Dashboard", exact: true }).click();
  await expect(admin.getByRole("list", { name: "States" })).toContainText("resolved: 1");
  await expect(admin.getByRole("table", { name: "Labelers" }).getByRole("row")).toHaveCount(4);
  await expect(admin.getByRole("img", { name: /^Agreement per day: \d{4}-\d\d-\d\d guidelines v1 / })).toBeVisible();
  await expect(admin.getByRole("list", { name: "Agreement per day" }).getByRole("link", { name: /^\d{4}-\d\d-\d\d: guidelines v1 \d\.\d\d$/ })).toHaveCount(1);
  await saveScreenshot(admin, "dashboard");
  // Every figure opens its items: the resolved one, and from there the item in review.
  await admin.getByRole("list", { name: "States" }).getByRole("link", { name: "resolved: 1" }).click();
  await expect(admin.getByRole("list", { name: "Filters" })).toHaveText(/progress = resolved/);
  await expect(admin.getByRole("table").getByRole("row")).toHaveCount(2);
  await saveScreenshot(admin, "dashboard-items");
  await admin.getByRole("link", { name: "coffee.png" }).click();
  await expect(admin.getByRole("region", { name: "Adjudication" })).toContainText("coffee.png");
  await admin.close();
});

test("a reviewer compares two labelers' differing transcripts of a clip and accepts one", async ({ page, browser, playwright }) => {
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const tasks = [
    { key: "text", type: "transcript" },
    { key: "speech", type: "segment", classes: ["speech"] },
  ];
  const { projectId, itemIds } = await setUpProject(admin, { name: "E2E review voices", mediaKind: "audio", overlap: 2, maxOverlap: 2, tasks }, ["audio/clip1.wav"], "alice@example.com");
  await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email: "bob@example.com", role: "labeler" } });
  await addReviewer(admin, projectId);
  const speech = (start: number, end: number) => ({ task: "speech", type: "segment", label: "speech", start, end });
  await labelAs(playwright, "alice@example.com", projectId, [{ task: "text", type: "transcript", text: "turn on the kitchen lights" }, speech(0.2, 1.9)]);
  await labelAs(playwright, "bob@example.com", projectId, [{ task: "text", type: "transcript", text: "turn off the kitchen light" }, speech(0.3, 2.1)]);

  await openReview(page, "E2E review voices");
  // One lane of segments per labeler, and the consensus, under the clip's waveform.
  await expect(page.getByTestId("review-waveform").locator("canvas").first()).toBeVisible();
  await expect(page.locator("[data-lane]")).toHaveCount(3);
  const transcripts = page.getByRole("table", { name: "Transcripts: text" });
  // The column headings, the consensus and the two labelers.
  await expect(transcripts.getByRole("row")).toHaveCount(4);
  // Words that differ from the consensus are marked.
  await expect(transcripts.locator("mark").first()).toBeVisible();
  await saveScreenshot(page, "review-audio");

  await decide(page, "Accept Alice Labeler's version", "Both hear it, but the guidelines say nothing on plurals.", "Guideline gap");
  const item = (await (await page.request.get(`/api/v1/items/${itemIds["clip1.wav"]}`)).json()) as { review: { state: string; gold: unknown } };
  expect(item.review).toMatchObject({ state: "resolved", gold: [{ task: "text", type: "transcript", text: "turn on the kitchen lights" }, speech(0.2, 1.9)] });

  // A guideline gap: the reviewer drafts the clarification with this clip as its example ...
  const draft = page.getByRole("form", { name: "Draft a guideline change" });
  await draft.getByLabel("What changes").fill("plurals: write what is heard");
  await draft.getByLabel("Guidelines (markdown)").fill("# Voices\n\nWrite plurals as heard, even when the grammar is odd.\n");
  await draft.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved with clip1.wav as its example")).toBeVisible();

  // ... and the manager publishes it as the next version from the guidelines page.
  await admin.goto(`/projects/${projectId}/guidelines`);
  const proposed = admin.getByRole("region", { name: "Proposed changes" });
  await expect(proposed).toContainText("Examples: clip1.wav");
  await saveScreenshot(admin, "guideline-draft");
  await proposed.getByRole("button", { name: "Publish: plurals: write what is heard" }).click();
  await admin.getByRole("dialog", { name: "Publish “plurals: write what is heard” as version 2?" }).getByRole("button", { name: "Publish version 2" }).click();
  await expect(admin.getByText("Version 2 (current)").first()).toBeVisible();
  await expect(admin.getByText("plurals: write what is heard (examples: clip1.wav)").first()).toBeVisible();
  await admin.close();
});

test("a reviewer sees three labelers' transcripts aligned with the consensus, each substitution, deletion and insertion marked, with each one's WER", async ({ page, browser, playwright }) => {
  // Four people's sessions: more than the default 30 s on a shared machine.
  test.slow();
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const { projectId } = await setUpProject(admin, { name: "E2E review alignment", mediaKind: "audio", overlap: 3, maxOverlap: 3, tasks: [{ key: "text", type: "transcript" }] }, ["audio/clip3.wav"], "alice@example.com");
  for (const email of ["bob@example.com", "carol@example.com"]) await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email, role: "labeler" } });
  await addReviewer(admin, projectId);
  await admin.close();
  // Alice's is the medoid (the least total WER to the others'): Bob heard two words differently and one more, Carol one word less.
  await labelAs(playwright, "alice@example.com", projectId, [{ task: "text", type: "transcript", text: "turn on the kitchen lights" }]);
  await labelAs(playwright, "bob@example.com", projectId, [{ task: "text", type: "transcript", text: "Turn off the kitchen light, please" }]);
  await labelAs(playwright, "carol@example.com", projectId, [{ task: "text", type: "transcript", text: "turn on kitchen lights" }]);

  await openReview(page, "E2E review alignment");
  const transcripts = page.getByRole("table", { name: "Transcripts: text" });
  const row = (who: string) => transcripts.getByRole("row").filter({ hasText: who });
  await expect(row("Consensus (the medoid transcript)")).toContainText("turn on the kitchen lights");
  await expect(row("Alice Labeler")).toContainText("0.00");
  await expect(row("Alice Labeler").locator("mark, del, ins")).toHaveCount(0);
  // Bob: "off" and "light," (as he wrote them) substituted, "please" inserted: 3 errors over the consensus's 5 words.
  const bob = row("Bob Labeler");
  await expect(bob).toContainText("0.60");
  await expect(bob.locator("mark")).toHaveCount(2);
  await expect(bob.locator("mark").first()).toHaveAttribute("title", "consensus said “on”");
  await expect(bob.locator("mark").nth(1)).toHaveAttribute("title", "consensus said “lights”");
  await expect(bob.locator("mark").nth(1)).toContainText("light,");
  await expect(bob.locator("ins")).toContainText("please");
  await expect(bob.locator("del")).toHaveCount(0);
  // Carol left "the" out: struck through where the consensus has it.
  const carol = row("Carol Labeler");
  await expect(carol).toContainText("0.20");
  await expect(carol.locator("del")).toContainText("the");
  await expect(carol.locator("mark, ins")).toHaveCount(0);
  // Each mark is named in words as well as colour.
  await expect(page.getByRole("list", { name: "Legend" })).toContainText("missing: a consensus word this labeler left out");
  await saveScreenshot(page, "review-transcript-alignment");
});

test.describe("in the viewer's own time zone", () => {
  test.use({ locale: "en-GB", timezoneId: "Asia/Kolkata" });

  test("a reviewer decides an item, reopens it from the project's items, sees the decision in force and the final label, and decides again", async ({ page, browser, playwright }) => {
    // Three people's sessions and two decisions: more than the default 30 s on a shared machine.
    test.slow();
    const admin = await browser.newPage();
    await signIn(admin, "admin@example.com");
    const tasks = [
      { key: "kind", type: "classification", classes: ["cup", "spoon"] },
      { key: "objects", type: "bbox", classes: ["cup", "spoon"] },
    ];
    const { projectId, itemIds } = await setUpProject(admin, { name: "E2E review reopen", mediaKind: "image", overlap: 2, maxOverlap: 2, tasks }, ["images/coffee.png"], "alice@example.com");
    await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email: "bob@example.com", role: "labeler" } });
    await addReviewer(admin, projectId);
    await admin.close();
    const answer = (kind: string, x: number) => [
      { task: "kind", type: "classification", values: [kind] },
      { task: "objects", type: "bbox", label: kind, x, y: 100, width: 150, height: 120 },
    ];
    await labelAs(playwright, "alice@example.com", projectId, answer("cup", 100));
    await labelAs(playwright, "bob@example.com", projectId, answer("spoon", 400));

    await openReview(page, "E2E review reopen");
    await expect(page.getByRole("list", { name: "Why it is here" })).toContainText("tie");
    await decide(page, "Accept Alice Labeler's version", "The handle and the saucer: a cup.", "Labeling error");

    // Back to the project and into the item from its list, in the same tab: what the page shows is the item as it is now.
    await page.getByRole("link", { name: "← E2E review reopen" }).click();
    await page.getByRole("link", { name: "coffee.png" }).click();
    const adjudication = page.getByRole("region", { name: "Adjudication" });
    await expect(adjudication).toContainText("Resolved by a reviewer's decision");
    const decisions = adjudication.getByRole("list", { name: "Decisions" }).getByRole("listitem");
    await expect(decisions).toHaveCount(1);
    const item = (await (await page.request.get(`/api/v1/items/${itemIds["coffee.png"]}`)).json()) as { review: { decisions: { createdAt: string }[] } };
    const madeAt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Kolkata" }).format(new Date(item.review.decisions[0]!.createdAt));
    for (const shown of ["In force", "Accepted Alice Labeler's version", "Labeling error", "by Sam Expert", madeAt, "The handle and the saucer: a cup."]) await expect(decisions.first()).toContainText(shown);
    // The final label: the class as text, the box drawn on the image as a layer of its own.
    const finalLabel = adjudication.getByRole("definition");
    await expect(finalLabel).toHaveText(["cup", "1 box, in the “Final label” layer on the image above"]);
    const gold = page.getByRole("img", { name: "Labelers' shapes" }).locator('[data-layer="gold"]');
    await expect(gold).toHaveCount(1);
    await expect(gold).toHaveAttribute("x", "100");
    await saveScreenshot(page, "review-decided");

    // A new decision is appended and, as the newest, is in force; the item stays on screen with it.
    await adjudication.getByRole("radio", { name: "Mark ambiguous and exclude" }).check();
    await adjudication.getByLabel("Reason", { exact: true }).fill("The photo is cropped: cup or mug cannot be told.");
    await adjudication.getByLabel("Category").selectOption("data-issue");
    await adjudication.getByRole("button", { name: "Record decision" }).click();
    await expect(adjudication).toContainText("Excluded as ambiguous by a reviewer's decision");
    await expect(decisions).toHaveCount(2);
    await expect(decisions.first()).toContainText("In force");
    await expect(decisions.first()).toContainText("Excluded as ambiguous");
    await expect(decisions.nth(1)).not.toContainText("In force");
    await expect(adjudication).toContainText("None: the item is excluded as ambiguous.");
    await expect(gold).toHaveCount(0);
    await saveScreenshot(page, "review-redecided");
  });
});

test("a reviewer edits a disputed transcript into a new final label with the workspace's own tools", async ({ page, browser, playwright }) => {
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const { projectId, itemIds } = await setUpProject(admin, { name: "E2E review edit", mediaKind: "audio", overlap: 2, maxOverlap: 2, tasks: [{ key: "text", type: "transcript" }] }, ["audio/clip2.wav"], "alice@example.com");
  await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email: "bob@example.com", role: "labeler" } });
  await addReviewer(admin, projectId);
  await labelAs(playwright, "alice@example.com", projectId, [{ task: "text", type: "transcript", text: "what is the weather tomorrow" }]);
  await labelAs(playwright, "bob@example.com", projectId, [{ task: "text", type: "transcript", text: "what's the whether to borrow" }]);

  await openReview(page, "E2E review edit");
  await page.getByRole("button", { name: "Edit into a new final label" }).click();
  const text = page.getByLabel("text", { exact: true });
  await expect(text).not.toHaveValue("");
  await text.fill("what's the weather tomorrow");
  const save = page.getByRole("form", { name: "Save the final label" });
  await save.getByLabel("Why this label").fill("Both half right: contraction as spoken, words as meant.");
  await save.getByLabel("Category").selectOption("labeling-error");
  await saveScreenshot(page, "review-edit");
  await save.getByRole("button", { name: "Save as the final label" }).click();
  await expect(page.getByText("Nothing waiting for review.")).toBeVisible();

  const item = (await (await page.request.get(`/api/v1/items/${itemIds["clip2.wav"]}`)).json()) as { review: { state: string; gold: unknown; decisions: { action: string }[] } };
  expect(item.review).toMatchObject({ state: "resolved", gold: [{ task: "text", type: "transcript", text: "what's the weather tomorrow" }], decisions: [{ action: "edit" }] });
  await admin.close();
});

test("the dashboard shows a classification task's confusion against the final labels, and a cell opens the items behind it", async ({ browser, playwright }) => {
  // Three labelers' sessions and two visits of the dashboard: more than the default 30 s on a shared machine.
  test.slow();
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const tasks = [{ key: "kind", type: "classification", classes: ["cat", "person", "other"] }];
  const files = ["images/chelsea.png", "images/astronaut.png", "images/coffee.png"];
  const { projectId } = await setUpProject(admin, { name: "E2E dashboard classes", mediaKind: "image", overlap: 3, maxOverlap: 3, tasks }, files, "alice@example.com");
  for (const email of ["bob@example.com", "carol@example.com"]) await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email, role: "labeler" } });
  // Everyone agrees on the cat and the astronaut; on the coffee, Carol says "person" against two "other".
  const kind = (value: string) => [{ task: "kind", type: "classification", values: [value] }];
  const truth: Record<string, string> = { "chelsea.png": "cat", "astronaut.png": "person", "coffee.png": "other" };
  await labelAs(playwright, "alice@example.com", projectId, (file) => kind(truth[file]!), 3);
  await labelAs(playwright, "bob@example.com", projectId, (file) => kind(truth[file]!), 3);
  await labelAs(playwright, "carol@example.com", projectId, (file) => kind(file === "coffee.png" ? "person" : truth[file]!), 3);

  await admin.goto(`/projects/${projectId}/dashboard`);
  const confusion = admin.getByRole("table", { name: "kind: confusion" });
  await expect(confusion.getByRole("row")).toHaveCount(4);
  await expect(admin.getByRole("table", { name: "kind: human-level performance" })).toContainText("other");
  await expect(admin.getByRole("link", { name: /^v1 \d\.\d\d$/ })).toHaveAttribute("href", `/projects/${projectId}/items?version=1`);
  await saveScreenshot(admin, "dashboard-classes");
  // Final "other" (third row), answered "person" (second column): Carol's answer on the coffee.
  await confusion.getByRole("row").nth(3).getByRole("link").nth(1).click();
  await expect(admin.getByRole("list", { name: "Filters" })).toContainText("final = other");
  await expect(admin.getByRole("table").getByRole("link", { name: /\.png$/ })).toHaveText(["coffee.png"]);
  // The per-day figures as links for the keyboard: a labeler's three submissions of today open their three items.
  await admin.goto(`/projects/${projectId}/dashboard`);
  await admin.getByText(/^Submissions per day as a table/).click();
  const perDay = admin.getByRole("table", { name: "Submissions per day" });
  await expect(perDay.getByRole("row")).toHaveCount(2);
  await saveScreenshot(admin, "dashboard-throughput-table");
  await perDay.getByRole("row").nth(1).getByRole("link").last().click();
  await expect(admin.getByRole("list", { name: "Filters" })).toContainText(/labeler = \w+ Labeler/);
  await expect(admin.getByRole("table").getByRole("link", { name: /\.png$/ })).toHaveCount(3);
  await saveScreenshot(admin, "dashboard-items-day-labeler");
  await admin.close();
});

test("the dashboard shows a box task's agreement per labeler pair, per label and as a label confusion with missed boxes", async ({ browser, playwright }) => {
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const files = ["images/chelsea.png", "images/astronaut.png", "images/coffee.png"];
  const boxTasks = [{ key: "parts", type: "bbox", classes: ["head", "body"] }];
  const { projectId } = await setUpProject(admin, { name: "E2E dashboard boxes", mediaKind: "image", overlap: 3, maxOverlap: 3, tasks: boxTasks }, files, "alice@example.com");
  for (const email of ["bob@example.com", "carol@example.com"]) await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email, role: "labeler" } });
  const box = (label: string, x: number, y: number, size: number) => ({ task: "parts", type: "bbox", label, x, y, width: size, height: size });
  // Alice and Bob agree (Bob's body a little to the right); Carol calls the coffee's head a body and misses the astronaut's body.
  await labelAs(playwright, "alice@example.com", projectId, () => [box("head", 10, 10, 40), box("body", 100, 100, 60)], 3);
  await labelAs(playwright, "bob@example.com", projectId, () => [box("head", 10, 10, 40), box("body", 105, 100, 60)], 3);
  await labelAs(playwright, "carol@example.com", projectId, (file) => (file === "coffee.png" ? [box("body", 10, 10, 40), box("body", 100, 100, 60)] : file === "astronaut.png" ? [box("head", 10, 10, 40)] : [box("head", 10, 10, 40), box("body", 100, 100, 60)]), 3);

  await admin.goto(`/projects/${projectId}/dashboard`);
  const card = admin.getByRole("region", { name: "Agreement: parts" });
  await expect(card).toContainText("Matched F1, from 0 to 1, higher is better");
  await expect(card.getByRole("table", { name: "parts: matched F1 per class" }).getByRole("row")).toHaveCount(3);
  await expect(card.getByRole("table", { name: "parts: label confusion" })).toContainText("(missed)");
  const pairs = card.getByRole("table", { name: "parts: matched F1 per labeler pair" });
  await expect(pairs.getByRole("row")).toHaveCount(4);
  await expect(pairs).toContainText("Carol");
  await saveScreenshot(admin, "dashboard-boxes");
  // A pair's cell opens the items both labeled.
  await pairs.getByRole("row").nth(1).getByRole("link").nth(1).click();
  await expect(admin.getByRole("list", { name: "Filters" })).toContainText("labeler");
  await expect(admin.getByRole("table").getByRole("link", { name: /\.png$/ })).toHaveCount(3);
  // A label's count opens the items where someone drew one: Carol's extra body on the coffee is among them.
  await admin.goBack();
  await card.getByRole("table", { name: "parts: matched F1 per class" }).getByRole("row", { name: /^body/ }).getByRole("link").click();
  await expect(admin.getByRole("list", { name: "Filters" })).toContainText("body");
  await expect(admin.getByRole("table").getByRole("link", { name: /\.png$/ })).toHaveCount(3);
  await admin.close();
});

test("the dashboard shows segment and transcript agreement, each card naming its measure and which way is better", async ({ browser, playwright }) => {
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const audioTasks = [
    { key: "speech", type: "segment", classes: ["speech", "noise"] },
    { key: "text", type: "transcript" },
  ];
  const audio = await setUpProject(admin, { name: "E2E dashboard voices", mediaKind: "audio", overlap: 2, maxOverlap: 2, tasks: audioTasks }, ["audio/clip1.wav", "audio/clip3.wav"], "alice@example.com");
  await admin.request.post(`/api/v1/projects/${audio.projectId}/members`, { data: { email: "bob@example.com", role: "labeler" } });
  const segment = (label: string, start: number, end: number) => ({ task: "speech", type: "segment", label, start, end });
  const transcript = (text: string) => ({ task: "text", type: "transcript", text });
  await labelAs(playwright, "alice@example.com", audio.projectId, [segment("speech", 0.1, 0.9), transcript("turn on the kitchen lights")], 2);
  await labelAs(playwright, "bob@example.com", audio.projectId, (file) => [segment("speech", 0.15, 0.9), ...(file === "clip1.wav" ? [segment("noise", 1, 1.4)] : []), transcript("turn off the kitchen light")], 2);
  await admin.goto(`/projects/${audio.projectId}/dashboard`);
  const text = admin.getByRole("region", { name: "Agreement: text" });
  await expect(text).toContainText("1 − WER, from 0 to 1, higher is better");
  await expect(text).toContainText("No per-class figure: a transcript has no labels.");
  await expect(text.getByRole("table", { name: "text: 1 − word error rate per labeler pair" })).toBeVisible();
  await expect(admin.getByRole("region", { name: "Agreement: speech" }).getByRole("table", { name: "speech: label confusion" })).toContainText("noise");
  await saveScreenshot(admin, "dashboard-audio");
  await admin.close();
});

test("a reviewer sees noise drawn under speech on noisy_car.wav in a row of its own, and each labeler's segment transcripts against the consensus", async ({ page, browser, playwright }) => {
  test.slow();
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const tasks = [{ key: "sound", type: "segment", classes: ["speech", "noise"], transcript: true }];
  const { projectId } = await setUpProject(admin, { name: "E2E review noisy car", mediaKind: "audio", overlap: 2, maxOverlap: 2, tasks }, ["audio/noisy_car.wav"], "alice@example.com");
  await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email: "bob@example.com", role: "labeler" } });
  await addReviewer(admin, projectId);
  const segment = (label: string, start: number, end: number, transcript?: string) => ({ task: "sound", type: "segment", label, start, end, ...(transcript ? { transcript } : {}) });
  // Both draw the noise over the whole clip on top of the speech; they hear the speech differently.
  await labelAs(playwright, "alice@example.com", projectId, [segment("speech", 0.05, 2.2, "nearest gas station please"), segment("noise", 0, 2.5)]);
  await labelAs(playwright, "bob@example.com", projectId, [segment("noise", 0, 2.5), segment("speech", 0.08, 2.18, "nearest grocery store")]);

  await openReview(page, "E2E review noisy car");
  await expect(page.getByRole("list", { name: "Why it is here" })).toContainText(/segment transcript WER \d\.\d\d is above 0\.25/);
  // Two labelers and the consensus, each with a row for speech and one for noise: the noise is kept beside the speech.
  await expect(page.locator("[data-lane]")).toHaveCount(3);
  await expect(page.locator('[data-lane="consensus"] [data-row]')).toHaveCount(2);
  await expect(page.locator('[data-lane="consensus"] [data-row="noise"]')).toContainText("noise");
  await expect(page.locator('[data-lane="consensus"] [data-row="speech"]')).toContainText("speech");
  // Each labeler's segment transcripts against the consensus (the medoid of the two): one of them is the consensus.
  const wers = page.locator("[data-transcript-wer]");
  await expect(wers).toHaveCount(2);
  await expect(wers).toHaveText([/transcripts: WER \d\.\d\d against the consensus over 1 segment$/, /transcripts: WER \d\.\d\d against the consensus over 1 segment$/]);
  await expect(wers.filter({ hasText: "WER 0.00" })).toHaveCount(1);
  await saveScreenshot(page, "review-overlapping-segments");

  await admin.goto(`/projects/${projectId}/dashboard`);
  const card = admin.getByRole("region", { name: "Agreement: sound" });
  await expect(card).toContainText(/Mean 1 − WER of segment transcripts per item \d\.\d\d over 1 item/);
  await expect(card.getByRole("table", { name: "sound: 1 − WER of segment transcripts per labeler pair" })).toBeVisible();
  await saveScreenshot(admin, "dashboard-segment-transcripts");
  await admin.close();
});

test("a reviewer decides an item by keyboard alone, finds the keys under ?, and a reload stays in the chosen session", async ({ page, browser, playwright }) => {
  test.slow();
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const tasks = [{ key: "objects", type: "bbox", classes: ["cup", "spoon"] }];
  const { projectId, itemIds } = await setUpProject(admin, { name: "E2E review keys", mediaKind: "image", overlap: 3, maxOverlap: 3, tasks }, ["images/coffee.png", "images/rocket.jpg"], "alice@example.com");
  for (const email of ["bob@example.com", "carol@example.com"]) await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email, role: "labeler" } });
  await addReviewer(admin, projectId);
  const box = (x: number, label = "cup") => ({ task: "objects", type: "bbox", label, x, y: 100, width: 150, height: 120 });
  // Alice and Carol agree, Bob boxes a spoon elsewhere: both items come to review with a consensus.
  await labelAs(playwright, "alice@example.com", projectId, [box(100)], 2);
  await labelAs(playwright, "bob@example.com", projectId, [box(400, "spoon")], 2);
  await labelAs(playwright, "carol@example.com", projectId, [box(104)], 2);

  await openReview(page, "E2E review keys");
  await page.getByLabel("New session name").fill("Keys");
  await page.getByRole("button", { name: "Start" }).click();
  const progress = page.getByRole("status").filter({ hasText: "decided" });
  await expect(progress).toHaveText("0 of 2 decided in Keys");
  await expect(page).toHaveURL(/[?&]session=/);
  const queue = page.getByRole("list", { name: "Review queue" }).getByRole("button");
  const current = page.getByRole("list", { name: "Review queue" }).locator("[aria-current=true]");
  await expect(queue).toHaveCount(2);
  const [first, second] = (await queue.allTextContents()).map((text) => (text.includes("coffee.png") ? "coffee.png" : "rocket.jpg"));

  // The keys, in the help and on the controls they work.
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help.getByRole("row")).toContainText(["Accept the consensus", "Accept that labeler's version", "Mark ambiguous and exclude", "Type the reason", "Record the decision", "Next / previous item"]);
  await saveScreenshot(page, "review-shortcuts-help");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await expect(page.getByRole("radio", { name: "Accept the consensus" })).toHaveAttribute("aria-keyshortcuts", "C");
  await expect(page.getByRole("button", { name: "Record decision" })).toHaveAttribute("aria-keyshortcuts", "Control+Enter");

  // N and P move through the session; the keys choose a decision; R puts the caret in the reason, where keys type.
  await expect(current).toContainText(first!);
  await page.keyboard.press("n");
  await expect(current).toContainText(second!);
  await page.keyboard.press("p");
  await expect(current).toContainText(first!);
  await page.keyboard.press("1");
  await expect(page.locator('input[type=radio][aria-keyshortcuts="1"]')).toBeChecked();
  await page.keyboard.press("x");
  await expect(page.getByRole("radio", { name: "Mark ambiguous and exclude" })).toBeChecked();
  await page.keyboard.press("c");
  await expect(page.getByRole("radio", { name: "Accept the consensus" })).toBeChecked();
  await page.keyboard.press("r");
  const reason = page.getByLabel("Reason", { exact: true });
  await expect(reason).toBeFocused();
  await page.keyboard.type("Two of three boxed the cup; next time, check the spoon.");
  await expect(reason).toHaveValue("Two of three boxed the cup; next time, check the spoon.");
  await expect(page.getByRole("radio", { name: "Accept the consensus" })).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Category")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByLabel("Category")).toHaveValue("labeling-error");
  await saveScreenshot(page, "review-keyboard-decision");
  await page.keyboard.press("Control+Enter");
  await expect(progress).toHaveText("1 of 2 decided in Keys");
  await expect(current).toContainText(second!);
  const decided = (await (await page.request.get(`/api/v1/items/${itemIds[first!]}`)).json()) as { review: { state: string; decisions: { action: string; reason: string; category: string }[] } };
  expect(decided.review).toMatchObject({ state: "resolved", decisions: [{ action: "accept-consensus", reason: "Two of three boxed the cup; next time, check the spoon.", category: "labeling-error" }] });

  // A reload keeps the session, its progress and its decided item.
  await page.reload();
  await expect(page.getByLabel("Work through")).toHaveValue(new URL(page.url()).searchParams.get("session")!);
  await expect(progress).toHaveText("1 of 2 decided in Keys");
  await expect(page.getByRole("list", { name: "Review queue" })).toContainText("decided by");
  await saveScreenshot(page, "review-session-reloaded");
  // Back to the whole queue: the address says so too.
  await page.getByLabel("Work through").selectOption({ label: "The whole queue" });
  await expect(page).not.toHaveURL(/session=/);
  await expect(progress).toHaveText("0 decided this session · 1 waiting");
});
