import type { APIRequestContext, Page, PlaywrightWorkerArgs } from "@playwright/test";
import { expect, test } from "./fixtures";
import { concordCli, saveScreenshot, setUpProject, signIn } from "./helpers";

const TASKS = [{ key: "scene", type: "classification", classes: ["space", "animal"], uncertainClass: "unsure" }];
const scene = (value: string) => [{ task: "scene", type: "classification", values: [value] }];

/** A labeler confirms the project's guidelines and answers their next item, through the API with their own token. */
async function labelAs(playwright: PlaywrightWorkerArgs["playwright"], email: string, projectId: string, value: string): Promise<void> {
  const token = concordCli("token", "create", "--email", email);
  const api: APIRequestContext = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  // No new item before the guidelines are confirmed (the server holds to it, not only the workspace).
  const { status } = (await (await api.get(`/api/v1/projects/${projectId}/guidelines`)).json()) as { status: { current: { version: number } } };
  expect((await api.post(`/api/v1/projects/${projectId}/guidelines/acknowledge`, { data: { version: status.current.version } })).status()).toBe(200);
  const lease = (await (await api.post(`/api/v1/projects/${projectId}/next`)).json()) as { assignment: { id: string } };
  const submitted = await api.post(`/api/v1/assignments/${lease.assignment.id}/submit`, { data: { result: scene(value), activeMs: 3000 } });
  expect(submitted.status(), await submitted.text()).toBe(201);
  await api.dispose();
}

async function newProject(admin: Page, name: string, overlap: number): Promise<{ projectId: string; itemId: string }> {
  const guidelines = "# Scenes\n\n- **space**: stars, galaxies, planets.\n- **animal**: a living creature is the subject.\n";
  const { projectId, itemIds } = await setUpProject(admin, { name, mediaKind: "image", overlap, maxOverlap: overlap, tasks: TASKS, guidelines }, ["images/hubble_deep_field.jpg"], "alice@example.com");
  for (const [email, role] of [["bob@example.com", "labeler"], ["carol@example.com", "labeler"], ["sme@example.com", "reviewer"]]) {
    expect((await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email, role } })).status()).toBe(201);
  }
  return { projectId, itemId: itemIds["hubble_deep_field.jpg"]! };
}

/** From the projects list into the project's labeling workspace (the guidelines were confirmed when labeling by API). */
async function startLabeling(page: Page, projectName: string) {
  await page.getByRole("link", { name: projectName, exact: true }).click();
  await page.getByRole("link", { name: "Start labeling", exact: true }).click();
}

test("a reviewer sends an item back to the labeler who was unsure, who gets it first with the reason and revises it", async ({ page, browser, playwright }) => {
  test.slow();
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const { projectId, itemId } = await newProject(admin, "E2E relabel", 3);
  for (const [email, value] of [["alice@example.com", "space"], ["bob@example.com", "space"], ["carol@example.com", "unsure"]]) await labelAs(playwright, email!, projectId, value!);

  await signIn(page, "sme@example.com");
  await page.getByRole("link", { name: "E2E relabel", exact: true }).click();
  await page.getByRole("link", { name: "Review", exact: true }).click();
  await expect(page.getByRole("list", { name: "Why it is here" })).toContainText("uncertainty-vote");
  await page.getByRole("radio", { name: "Send back for relabeling" }).check();
  // By default only Carol, whose answer differs from the consensus, is asked to revise.
  const revisers = page.getByRole("group", { name: "Labelers asked to revise" });
  await expect(revisers.getByRole("checkbox", { name: /Carol Labeler/ })).toBeChecked();
  await expect(revisers.getByRole("checkbox", { name: /Alice Labeler/ })).not.toBeChecked();
  await page.getByLabel("Reason", { exact: true }).fill("A galaxy field is space; choose space when you see stars or galaxies.");
  await page.getByLabel("Category").selectOption({ label: "Guideline gap" });
  await saveScreenshot(page, "review-relabel-choice");
  // Nobody ticked: said before anything is sent.
  await revisers.getByRole("checkbox", { name: /Carol Labeler/ }).uncheck();
  await page.getByRole("button", { name: "Record decision" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not sent" })).toHaveText("Not sent: relabel.labelers: choose at least one labeler to revise");
  await saveScreenshot(page, "review-relabel-nobody-chosen");
  await revisers.getByRole("checkbox", { name: /Carol Labeler/ }).check();
  await page.getByRole("button", { name: "Record decision" }).click();
  await expect(page.getByText("Nothing waiting for review.")).toBeVisible();

  // Carol's queue offers the item first, with her answer and the reviewer's reason.
  const carol = await browser.newPage();
  await signIn(carol, "carol@example.com");
  await startLabeling(carol, "E2E relabel");
  await expect(carol.getByTestId("item-name")).toHaveText("hubble_deep_field.jpg");
  await expect(carol.getByText("A reviewer asked you to revise your answer (revision 1): “A galaxy field is space; choose space when you see stars or galaxies.” Your answer is loaded", { exact: false })).toBeVisible();
  await expect(carol.getByRole("radio", { name: /^unsure/ })).toHaveAttribute("aria-checked", "true");
  await saveScreenshot(carol, "labeling-revision-requested");
  await carol.keyboard.press("1");
  await expect(carol.getByRole("radio", { name: /^space/ })).toHaveAttribute("aria-checked", "true");
  await carol.keyboard.press("Control+Enter");
  // Her only item: the end of the queue still says what became of it.
  await expect(carol.getByRole("status").filter({ hasText: "Submitted" })).toHaveText("Submitted hubble_deep_field.jpg.");
  await expect(carol.getByRole("heading", { name: "No more tasks" })).toBeVisible();
  await saveScreenshot(carol, "labeling-queue-end-after-revision");

  // Judged again with the revision: accepted, and the history says why.
  const item = (await (await admin.request.get(`/api/v1/items/${itemId}`)).json()) as { review: { state: string; gold: unknown; history: { trigger: string }[]; revisionRequests: { status: string }[] } };
  expect(item.review).toMatchObject({ state: "accepted", gold: scene("space"), revisionRequests: [{ status: "done" }] });
  expect(item.review.history.map((judgment) => judgment.trigger)).toEqual(["relabel", "submission"]);
});

test("a labeler reopens a recent item from My recent items, revises it, and cannot once a reviewer has decided it", async ({ page, browser, playwright }) => {
  test.slow();
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const { projectId, itemId } = await newProject(admin, "E2E own revisions", 2);
  await labelAs(playwright, "alice@example.com", projectId, "animal");

  await signIn(page, "alice@example.com");
  await page.getByRole("link", { name: "E2E own revisions", exact: true }).click();
  await page.getByRole("link", { name: "My recent items" }).click();
  await expect(page.getByRole("table", { name: "My recent items" })).toContainText("as first submitted");
  await saveScreenshot(page, "my-recent-items");
  await page.getByRole("link", { name: "Revise hubble_deep_field.jpg" }).click();
  await expect(page.getByText("You are revising your answer (revision 1); it is loaded as you submitted it.")).toBeVisible();
  await expect(page.getByRole("radio", { name: /^animal/ })).toHaveAttribute("aria-checked", "true");
  await page.keyboard.press("1");
  await page.keyboard.press("Control+Enter");
  await expect(page).toHaveURL(/\/my-items$/);
  await expect(page.getByRole("table", { name: "My recent items" })).toContainText("revised (revision 2)");

  // Bob agrees, and a reviewer decides: the item is closed to revisions.
  await labelAs(playwright, "bob@example.com", projectId, "space");
  const decided = await admin.request.post(`/api/v1/items/${itemId}/decision`, { data: { action: "accept-consensus", reason: "checked", category: "labeling-error" } });
  expect(decided.status(), await decided.text()).toBe(201);
  await page.reload();
  await expect(page.getByRole("table", { name: "My recent items" })).toContainText("decided by a reviewer");
  await expect(page.getByRole("link", { name: "Revise hubble_deep_field.jpg" })).toHaveCount(0);
});
