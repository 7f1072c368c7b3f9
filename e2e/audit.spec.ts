import { readFileSync } from "node:fs";
import type { APIRequestContext } from "@playwright/test";
import { fixturePath } from "../lib/testing/fixtures";
import { expect, test } from "./fixtures";
import { concordCli, saveScreenshot, signIn } from "./helpers";

/** What all three labelers hear in each demo clip, and what the model heard: clip4's "gans" comes out as "guns". */
const CLIPS: Record<string, { intent: string; text: string; predicted: string; metadata: Record<string, string> }> = {
  "clip1.wav": { intent: "navigation", text: "navigate to the station", predicted: "navigate to the station", metadata: { accent: "en-us", device: "laptop" } },
  "clip2.wav": { intent: "call", text: "call mum", predicted: "call mum", metadata: { accent: "en-gb", device: "phone" } },
  "clip3.wav": { intent: "weather", text: "what is the weather", predicted: "what is the weather", metadata: { accent: "en-us", device: "phone" } },
  "clip4.wav": { intent: "other", text: "tell me about gans", predicted: "sell me about guns", metadata: { accent: "en-sc", device: "car" } },
  "clip5.wav": { intent: "navigation", text: "navigate home", predicted: "navigate home", metadata: { accent: "en-us", device: "car" } },
  "clip6.wav": { intent: "weather", text: "weather in london", predicted: "weather in london", metadata: { accent: "en-gb", device: "smart-speaker" } },
  "noisy_car.wav": { intent: "call", text: "call the garage", predicted: "call the garden", metadata: { accent: "en-us", device: "car", noise: "car" } },
  "dialogue.wav": { intent: "other", text: "hello there", predicted: "hello there", metadata: { speakers: "2" } },
};
const PROJECT = "Audit: voice search";
const answer = (intent: string, text: string) => [
  { task: "intent", type: "classification", values: [intent] },
  { task: "text", type: "transcript", text },
];

test("audits a transcript model: the worst accent × device slice first, and the watch list's 'guns' opening its item", async ({ page, playwright }) => {
  test.setTimeout(120_000);
  await signIn(page, "admin@example.com");
  // A copy of the demo's voice-search project with the same clips and metadata: other specs label the demo's own.
  const { projects } = (await (await page.request.get("/api/v1/projects")).json()) as { projects: { id: string; name: string }[] };
  const demo = (await (await page.request.get(`/api/v1/projects/${projects.find((project) => project.name === "Demo: voice search")!.id}`)).json()) as { tasks: object[] };
  const created = await page.request.post("/api/v1/projects", { data: { name: PROJECT, mediaKind: "audio", overlap: 3, tasks: demo.tasks } });
  expect(created.status(), await created.text()).toBe(201);
  const projectId = ((await created.json()) as { id: string }).id;
  for (const email of ["alice@example.com", "bob@example.com", "carol@example.com"]) {
    expect((await page.request.post(`/api/v1/projects/${projectId}/members`, { data: { email, role: "labeler" } })).status()).toBe(201);
  }
  const form = new FormData();
  for (const file of Object.keys(CLIPS)) form.append("files", new Blob([readFileSync(fixturePath(`audio/${file}`))]), file);
  form.append("manifest", new Blob([JSON.stringify(Object.entries(CLIPS).map(([file, clip]) => ({ file, ...clip.metadata })))], { type: "application/json" }), "manifest.json");
  const uploaded = await page.request.post(`/api/v1/projects/${projectId}/imports`, { multipart: form });
  expect(uploaded.status(), await uploaded.text()).toBe(201);

  // Each labeler confirms the guidelines and labels every clip through the API, as the queue hands them out.
  for (const email of ["alice@example.com", "bob@example.com", "carol@example.com"]) {
    const token = concordCli("token", "create", "--email", email);
    const api: APIRequestContext = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
    const { status } = (await (await api.get(`/api/v1/projects/${projectId}/guidelines`)).json()) as { status: { current: { version: number } } };
    expect((await api.post(`/api/v1/projects/${projectId}/guidelines/acknowledge`, { data: { version: status.current.version } })).status()).toBe(200);
    for (let count = 0; count < Object.keys(CLIPS).length; count++) {
      const lease = (await (await api.post(`/api/v1/projects/${projectId}/next`)).json()) as { assignment: { id: string }; item: { originalName: string } };
      const clip = CLIPS[lease.item.originalName]!;
      const submitted = await api.post(`/api/v1/assignments/${lease.assignment.id}/submit`, { data: { result: answer(clip.intent, clip.text), activeMs: 4000 } });
      expect(submitted.status(), await submitted.text()).toBe(201);
    }
    await api.dispose();
  }
  const imported = await page.request.post(`/api/v1/projects/${projectId}/predictions`, {
    data: { model: { name: "whisper-small", version: "1" }, predictions: Object.entries(CLIPS).map(([file, clip]) => ({ item: file, result: answer(clip.intent, clip.predicted) })) },
  });
  expect(imported.status(), await imported.text()).toBe(200);
  expect(await imported.json()).toMatchObject({ imported: 8, rejected: [] });

  await page.goto(`/projects/${projectId}/models/audit?model=whisper-small&version=1`);
  await expect(page.getByRole("heading", { name: `Model audit: ${PROJECT}` })).toBeVisible();
  await expect(page.getByLabel("Model version")).toHaveValue(/.+/);
  await page.getByLabel("Task").selectOption("text");
  await expect(page.getByRole("checkbox", { name: "accent", exact: true })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "device", exact: true })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /Cross the checked keys \(accent × device\)/ })).toBeChecked();
  await page.getByRole("button", { name: "Audit" }).click();

  // en-sc × car: two of four words wrong; en-us × car: one of five.
  const crossed = page.getByRole("table", { name: "Worst slices by meta.accent × meta.device" });
  await expect(crossed).toBeVisible({ timeout: 30_000 });
  const rows = crossed.getByRole("row");
  await expect(rows.nth(1)).toContainText("en-sc × car");
  await expect(rows.nth(1)).toContainText("50.0%");
  await expect(rows.nth(2)).toContainText("en-us × car");
  await expect(page.getByRole("table", { name: "Worst slices by meta.device" }).getByRole("row").nth(1)).toContainText("car");

  // The watch list, set on the page: the audit is computed again and counts the one "guns".
  await page.getByLabel("Watched terms, one a line").fill("guns\ndarn");
  await page.getByRole("button", { name: "Save watch list" }).click();
  await expect(page.getByText("Saved: the audit is computed again with these terms.")).toBeVisible();
  const hits = page.getByRole("link", { name: "1 prediction holds guns" });
  await expect(hits).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("table", { name: "Watch-list hits" }).getByRole("row", { name: /darn/ })).toContainText("0");
  await saveScreenshot(page, "audit");

  await hits.click();
  await expect(page).toHaveURL(/\/items\?.*watch=1/);
  await expect(page.getByRole("link", { name: "clip4.wav" })).toBeVisible();
  await expect(page.getByRole("link", { name: "noisy_car.wav" })).toHaveCount(0);
  await saveScreenshot(page, "audit-watch-hits");

  // The demo labelers leave the project again: later specs count their projects.
  const { members } = (await (await page.request.get(`/api/v1/projects/${projectId}/members`)).json()) as { members: { userId: string; role: string }[] };
  for (const member of members.filter((candidate) => candidate.role === "labeler")) {
    expect((await page.request.delete(`/api/v1/projects/${projectId}/members/${member.userId}`)).status()).toBe(204);
  }
});

test("keeps labelers out of the audit", async ({ page }) => {
  await signIn(page, "alice@example.com");
  const { projects } = (await (await page.request.get("/api/v1/projects")).json()) as { projects: { id: string; name: string }[] };
  const projectId = projects.find((project) => project.name === "Demo: voice search")!.id;
  expect((await page.goto(`/projects/${projectId}/models/audit`))?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Model audit: Demo: voice search" })).toHaveCount(0);
  expect((await page.request.get(`/api/v1/projects/${projectId}/audit?model=whisper-small`)).status()).toBe(403);
});
