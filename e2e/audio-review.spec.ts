import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { labelAs, saveScreenshot, setUpProject, signIn } from "./helpers";

const turns = { key: "turns", type: "segment", classes: ["agent", "caller"], transcript: true };

/** The demo labelers leave the project again: later specs count their projects. */
async function removeLabelers(admin: Page, projectId: string) {
  const { members } = (await (await admin.request.get(`/api/v1/projects/${projectId}/members`)).json()) as { members: { userId: string; role: string }[] };
  for (const member of members.filter((candidate) => candidate.role === "labeler")) {
    expect((await admin.request.delete(`/api/v1/projects/${projectId}/members/${member.userId}`)).status()).toBe(204);
  }
}

/** The audio element's position every 50 ms (fewer on a busy machine) from now until it pauses (or 10 s pass), and where it paused. */
function followPlayback(audio: Locator): Promise<{ seen: number[]; paused: boolean; end: number }> {
  return audio.evaluate(async (element: HTMLAudioElement) => {
    const seen: number[] = [];
    const until = performance.now() + 10_000;
    while (performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (element.paused && seen.length) break;
      if (!element.paused) seen.push(element.currentTime);
    }
    return { seen, paused: element.paused, end: element.currentTime };
  });
}

/** The next draft save (two seconds after the last change): awaited before the labeler leaves the project, which refuses later saves. */
const draftSaved = (page: Page) => page.waitForResponse((response) => response.url().includes("/draft") && response.request().method() === "PUT");

/** Drags across the waveform from `from` to `to` (fractions of its width): a new segment. */
async function dragAcross(page: Page, wrapper: Locator, from: number, to: number) {
  const box = (await wrapper.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to, y, { steps: 10 });
  await page.mouse.up();
}

const within = (time: number, spans: [number, number][]) => spans.some(([start, end]) => time >= start - 0.05 && time <= end + 0.15);

test("a labeler reads m:ss on the timeline at every zoom, finds the way with the overview, and sees each segment's transcript in the list", async ({ page, browser }) => {
  test.slow();
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const { projectId } = await setUpProject(admin, { name: "E2E audio overview", mediaKind: "audio", overlap: 1, tasks: [turns] }, ["audio/dialogue.wav"], "bob@example.com");

  await signIn(page, "bob@example.com");
  await page.goto(`/projects/${projectId}/label`);
  const waveform = page.getByTestId("waveform");
  const wrapper = waveform.locator('[part="wrapper"]');
  await expect(wrapper.locator("canvas").first()).toBeVisible();
  // The timeline lives in wavesurfer's shadow root; its labels are the primary notches.
  const labels = waveform.locator('[part~="timeline-notch-primary"]');
  await expect(labels.first()).toHaveText("0:00");
  for (const text of await labels.allTextContents()) expect(text).toMatch(/^\d+:\d\d$/);
  // The whole clip fits: no overview.
  const overview = page.getByRole("img", { name: /^Overview:/ });
  await expect(overview).toHaveCount(0);

  // A segment with a transcript longer than its row.
  await dragAcross(page, wrapper, 0.1, 0.3);
  const transcript = "hello can you hear me, I am calling about the bill that came on Monday, the amount on it looks wrong to me";
  await page.keyboard.press("2");
  await page.keyboard.press("Enter");
  await page.keyboard.type(transcript);
  const saved = draftSaved(page);
  await page.keyboard.press("Escape");
  // Nothing selected: the list shows the transcript under the segment's times and class, on one line.
  await page.keyboard.press("Escape");
  const row = page.getByRole("list", { name: "Segments" }).getByRole("listitem").first();
  await expect(row.getByRole("button").first()).toHaveText(/^1\. 0:0\d\.\d–0:0\d\.\d caller$/);
  const note = row.locator("[data-note]");
  await expect(note).toHaveText(`“${transcript}”`);
  await expect(note).toHaveAttribute("title", transcript);
  const cut = () => note.evaluate((element) => element.scrollWidth > element.clientWidth);
  expect(await cut()).toBe(true);
  await saveScreenshot(page, "audio-segment-list");
  // In full while the row is hovered or has the focus.
  await row.hover();
  await expect(note).toHaveCSS("white-space", "normal");
  expect(await cut()).toBe(false);
  await page.mouse.move(0, 0);
  await expect(note).toHaveCSS("white-space", "nowrap");
  await row.getByLabel("Class of 1").focus();
  await expect(note).toHaveCSS("white-space", "normal");
  await saveScreenshot(page, "audio-segment-list-focused");
  await row.getByLabel("Class of 1").blur();

  // Zoomed in below a second a label: m:ss.s, and the overview strip of the whole clip.
  for (let step = 0; step < 4; step++) await page.getByRole("button", { name: "Zoom in" }).click();
  await expect(overview).toBeVisible();
  await expect(overview).toHaveAttribute("aria-label", /^Overview: 0:00\.0–0:0\d\.\d of 0:22\.2 on screen/);
  await expect(labels.nth(1)).toHaveText(/^0:00\.\d$/);
  for (const text of await labels.allTextContents()) expect(text).toMatch(/^\d+:\d\d\.\d$/);
  // A click three quarters along the strip brings that moment on screen, with the playhead on it.
  const strip = (await overview.boundingBox())!;
  await page.mouse.click(strip.x + strip.width * 0.75, strip.y + strip.height / 2);
  const audio = page.getByLabel("Audio dialogue.wav", { exact: true });
  await expect.poll(() => audio.evaluate((element: HTMLAudioElement) => element.currentTime)).toBeCloseTo(22.19 * 0.75, 0);
  await expect(overview).toHaveAttribute("aria-label", /^Overview: 0:1\d\.\d–0:\d\d\.\d of 0:22\.2 on screen/);
  const shown = (await overview.getAttribute("aria-label"))!.match(/(\d+):(\d\d\.\d)–(\d+):(\d\d\.\d)/)!.slice(1).map(Number);
  const [from, to] = [shown[0]! * 60 + shown[1]!, shown[2]! * 60 + shown[3]!];
  expect(from).toBeLessThan(22.19 * 0.75);
  expect(to).toBeGreaterThan(22.19 * 0.75);
  await expect(labels.first()).toHaveText(/^0:1\d\.\d$/);
  await saveScreenshot(page, "audio-zoomed-overview");

  // Zoomed out again, the whole clip fits and the overview goes.
  for (let step = 0; step < 4; step++) await page.getByRole("button", { name: "Zoom out" }).click();
  await expect(overview).toHaveCount(0);
  await expect(labels.first()).toHaveText("0:00");
  await saved;
  await removeLabelers(admin, projectId);
  await admin.close();
});

test("a labeler picks the segment class by its key before drawing, keeps it for the next segments and the next clip, on a waveform filling the window", async ({ page, browser }) => {
  test.slow();
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const intent = { key: "intent", type: "classification", classes: ["question", "complaint"] };
  const { projectId } = await setUpProject(admin, { name: "E2E audio segment classes", mediaKind: "audio", overlap: 1, tasks: [intent, turns] }, ["audio/clip1.wav", "audio/clip3.wav"], "alice@example.com");

  await signIn(page, "alice@example.com");
  await page.goto(`/projects/${projectId}/label`);
  const waveform = page.getByTestId("waveform");
  const wrapper = waveform.locator('[part="wrapper"]');
  await expect(wrapper.locator("canvas").first()).toBeVisible();
  // The waveform takes the height the window leaves (140 px when it fills no window), the page itself does not scroll.
  expect((await wrapper.boundingBox())!.height).toBeGreaterThan(250);
  expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);

  // The clip has classes of its own (plain keys), so the segment classes are Shift+ their keys, as the buttons say.
  const segmentClass = page.getByRole("radiogroup", { name: "turns class" });
  await expect(segmentClass.getByRole("radio", { name: /^agent/ })).toBeChecked();
  await expect(segmentClass.getByRole("radio", { name: /^caller/ })).toHaveText("caller⇧2");
  await page.keyboard.press("Shift+2");
  await expect(segmentClass.getByRole("radio", { name: /^caller/ })).toBeChecked();
  await dragAcross(page, wrapper, 0.1, 0.3);
  await page.keyboard.press("Escape");
  // The next segment starts from the class used last, not the first.
  await dragAcross(page, wrapper, 0.5, 0.7);
  const segments = page.getByRole("list", { name: "Segments" });
  await expect(segments.getByRole("listitem")).toHaveCount(2);
  await expect(segments.getByRole("combobox", { name: "Class of 1" })).toHaveValue("caller");
  await expect(segments.getByRole("combobox", { name: "Class of 2" })).toHaveValue("caller");
  // A plain key still answers the clip's own question.
  await page.keyboard.press("Escape");
  await page.keyboard.press("2");
  await expect(page.getByRole("radio", { name: /^complaint/ })).toBeChecked();
  await expect(segments.getByRole("combobox", { name: "Class of 2" })).toHaveValue("caller");
  await saveScreenshot(page, "audio-workspace-segment-classes");

  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toContainText("Shift+1–9, Shift+class hotkeyThe class of new segments (and of the selected one); plain keys too when the clip has no classes");
  await help.getByRole("button", { name: "Close" }).click();

  // A taller window: a taller waveform, Submit where it was.
  const submit = page.getByRole("button", { name: /^Submit/ });
  const submitAt = (await submit.boundingBox())!;
  const shortHeight = (await wrapper.boundingBox())!.height;
  await page.setViewportSize({ width: 1280, height: 1200 });
  await expect.poll(async () => (await wrapper.boundingBox())!.height).toBeGreaterThan(shortHeight + 300);
  expect(await submit.boundingBox()).toEqual(submitAt);
  await saveScreenshot(page, "audio-workspace-tall");

  // The next clip starts from the same class.
  const first = await page.getByTestId("item-name").textContent();
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("status").filter({ hasText: "Submitted" })).toHaveText(`Submitted ${first}.`);
  await expect(page.getByTestId("item-name")).not.toHaveText(first!);
  await expect(wrapper.locator("canvas").first()).toBeVisible();
  await expect(segmentClass.getByRole("radio", { name: /^caller/ })).toBeChecked();
  const saved = draftSaved(page);
  await dragAcross(page, wrapper, 0.2, 0.4);
  await expect(segments.getByRole("combobox", { name: "Class of 1" })).toHaveValue("caller");
  await saved;

  await removeLabelers(admin, projectId);
  await admin.close();
});

test("a reviewer plays each labeler's lane and one segment, and keeps the answers in view while editing the final label", async ({ page, browser, playwright }) => {
  test.slow();
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const { projectId, itemIds } = await setUpProject(admin, { name: "E2E audio lanes", mediaKind: "audio", overlap: 2, maxOverlap: 2, tasks: [turns] }, ["audio/dialogue.wav"], "alice@example.com");
  await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email: "bob@example.com", role: "labeler" } });
  expect((await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email: "sme@example.com", role: "reviewer" } })).status()).toBe(201);
  const turn = (label: string, start: number, end: number, transcript: string) => ({ task: "turns", type: "segment", label, start, end, transcript });
  await labelAs(playwright, "alice@example.com", projectId, [turn("agent", 1, 2, "hello"), turn("caller", 4, 5, "hi there")]);
  await labelAs(playwright, "bob@example.com", projectId, [turn("caller", 1.2, 2.4, "hello")]);
  const itemId = itemIds["dialogue.wav"]!;

  const asked = await admin.request.post(`/api/v1/items/${itemId}/comments`, { data: { body: "Who speaks here?", anchor: { task: "turns", kind: "time", startMs: 15_000 } } });
  expect(asked.status(), await asked.text()).toBe(201);

  await signIn(page, "sme@example.com");
  await page.goto(`/projects/${projectId}/review?item=${itemId}`);
  const waveform = page.getByTestId("review-waveform");
  await expect(waveform.locator("canvas").first()).toBeVisible();
  await expect(waveform.locator('[part~="timeline-notch-primary"]').first()).toHaveText("0:00");
  // Its own player, apart from the editor's.
  const audio = page.getByLabel("Review audio dialogue.wav", { exact: true });

  // Alice's lane plays her two turns and skips the silence between them.
  const alice = page.getByRole("button", { name: "Play Alice Labeler's segments" });
  await alice.click();
  await expect(page.getByRole("button", { name: "Stop Alice Labeler's segments" })).toBeVisible();
  const played = await followPlayback(audio);
  expect(played.seen.length).toBeGreaterThan(0);
  for (const time of played.seen) expect(within(time, [[1, 2], [4, 5]]), `played at ${time}`).toBe(true);
  expect(played.seen.some((time) => time > 4.2)).toBe(true);
  expect(played.paused).toBe(true);
  expect(played.end).toBeGreaterThan(4.9);
  await expect(alice).toBeVisible();
  await saveScreenshot(page, "review-audio-lanes");

  // One of Bob's segments, alone.
  await page.getByRole("button", { name: "Play Bob Labeler's caller 0:01.2–0:02.4" }).click();
  const segment = await followPlayback(audio);
  expect(segment.seen.length).toBeGreaterThan(0);
  for (const time of segment.seen) expect(within(time, [[1.2, 2.4]]), `played at ${time}`).toBe(true);
  expect(segment.end).toBeGreaterThan(2.3);

  // A comment's time anchor moves the review player there.
  await page.getByRole("button", { name: "↳ turns: at 0:15.0" }).click();
  await expect.poll(() => audio.evaluate((element: HTMLAudioElement) => element.currentTime)).toBeCloseTo(15, 1);

  // Editing the final label: the lanes and the answers stay above the editor, and still play.
  await page.getByRole("button", { name: "Edit into a new final label" }).click();
  const save = page.getByRole("form", { name: "Save the final label" });
  await expect(save).toBeVisible();
  await expect(page.getByText("dialogue.wav: the labelers' answers")).toBeVisible();
  await expect(page.getByRole("table", { name: "Annotations" })).toContainText("Alice Labeler");
  await expect(page.locator('[data-lane] [data-row="caller"]').first()).toBeVisible();
  await page.getByRole("button", { name: "Play Bob Labeler's segments" }).click();
  const whileEditing = await followPlayback(audio);
  for (const time of whileEditing.seen) expect(within(time, [[1.2, 2.4]]), `played at ${time}`).toBe(true);
  await save.getByLabel("Why this label").fill("Alice's turns, with Bob's start.");
  await save.getByLabel("Category").selectOption("labeling-error");
  await saveScreenshot(page, "review-final-label-with-answers");
  await save.getByRole("button", { name: "Save as the final label" }).click();
  await expect.poll(async () => ((await (await page.request.get(`/api/v1/items/${itemId}`)).json()) as { review: { decisions: { action: string }[] } }).review.decisions[0]?.action).toBe("edit");

  await removeLabelers(admin, projectId);
  await admin.close();
});
