import AxeBuilder from "@axe-core/playwright";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page, type PlaywrightWorkerArgs } from "@playwright/test";
import { fixturePath } from "../lib/testing/fixtures";

export const DEMO_PASSWORD = "concord-demo";

/** Screenshots worth looking at after a run: e2e/.artifacts/<name>.png */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  // Transitions finished at once: a screenshot just after a change (of theme, say) shows its end, not a mix.
  await page.screenshot({ path: path.join("e2e", ".artifacts", `${name}.png`), fullPage: true, animations: "disabled" });
}

/** The screenshot in the light theme and, as name-dark, in the dark one (the system's setting, followed live). */
export async function saveScreenshotsInBothThemes(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: "light" });
  await saveScreenshot(page, name);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await saveScreenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: "light" });
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects$/);
}

/** A file of ../shared/fixtures as a multipart part. */
export const fixture = (file: string) => ({ name: path.basename(file), mimeType: "application/octet-stream", buffer: readFileSync(fixturePath(file)) });

/**
 * A project of the test's own, made through the API by a signed-in administrator: the fixtures
 * imported and one labeler added. Returns the project's id and its items' ids by file name.
 */
export async function setUpProject(admin: Page, config: object, files: string[], labelerEmail: string): Promise<{ projectId: string; itemIds: Record<string, string> }> {
  const created = await admin.request.post("/api/v1/projects", { data: config });
  expect(created.status(), await created.text()).toBe(201);
  const { id: projectId } = (await created.json()) as { id: string };
  const added = await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email: labelerEmail, role: "labeler" } });
  expect(added.status(), await added.text()).toBe(201);
  for (const file of files) {
    const imported = await admin.request.post(`/api/v1/projects/${projectId}/imports`, { multipart: { files: fixture(file) } });
    expect(imported.ok(), await imported.text()).toBe(true);
  }
  const { items } = (await (await admin.request.get(`/api/v1/projects/${projectId}/items`)).json()) as { items: { id: string; originalName: string }[] };
  return { projectId, itemIds: Object.fromEntries(items.map((item) => [item.originalName, item.id])) };
}

/** The latest submitted result of each labeler of an item, read as a manager. */
export async function submittedResults(manager: Page, itemId: string): Promise<unknown[][]> {
  const response = await manager.request.get(`/api/v1/items/${itemId}/annotations`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { annotations: { result: unknown[] }[] }).annotations.map((annotation) => annotation.result);
}

/** Runs node with these arguments against the end-to-end server's database; returns its standard output. */
function runOnE2eDatabase(args: string[]): string {
  const run = spawnSync(process.execPath, ["--import", "tsx", ...args], {
    env: { ...process.env, DATABASE_URL: `file:${path.resolve(".e2e-data/concord.db")}` },
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return run.stdout.trim();
}

/** Runs the Concord CLI against the end-to-end server's database; returns its standard output. */
export function concordCli(...args: string[]): string {
  return runOnE2eDatabase(["lib/cli/concord.ts", ...args]);
}

/** Ends the project's open leases at `expiredAt`, as if their time had run out (no API shortens a lease). */
export function expireLeases(projectId: string, expiredAt: Date): void {
  const script = `import { db } from "./lib/server/db/client.ts";
    await db().assignment.updateMany({ where: { projectId: ${JSON.stringify(projectId)}, status: "active" }, data: { expiresAt: new Date(${JSON.stringify(expiredAt.toISOString())}) } });
    await db().$disconnect();`;
  runOnE2eDatabase(["--input-type=module", "-e", script]);
}

/**
 * A labeler confirms the guidelines and labels through the API with their own token, where what is under test is
 * what follows (review, models). `result` may depend on the file leased; `items` labels that many in a row.
 */
export async function labelAs(playwright: PlaywrightWorkerArgs["playwright"], email: string, projectId: string, result: object[] | ((file: string) => object[]), items = 1): Promise<void> {
  const token = concordCli("token", "create", "--email", email);
  const api: APIRequestContext = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  // No new item before the current guidelines are confirmed.
  const { status } = (await (await api.get(`/api/v1/projects/${projectId}/guidelines`)).json()) as { status: { current: { version: number } | null } };
  if (status.current) expect((await api.post(`/api/v1/projects/${projectId}/guidelines/acknowledge`, { data: { version: status.current.version } })).status()).toBe(200);
  for (let count = 0; count < items; count++) {
    const next = await api.post(`/api/v1/projects/${projectId}/next`);
    expect(next.status(), await next.text()).toBe(200);
    const lease = (await next.json()) as { assignment: { id: string }; item: { originalName: string } };
    const answer = typeof result === "function" ? result(lease.item.originalName) : result;
    const submitted = await api.post(`/api/v1/assignments/${lease.assignment.id}/submit`, { data: { result: answer, activeMs: 4000 } });
    expect(submitted.status(), await submitted.text()).toBe(201);
  }
  await api.dispose();
}

/**
 * Scans the page as it is now for WCAG 2 A and AA failures; a serious or critical one fails the test (softly, so
 * that one run lists every page's), printed with the elements it was found on. Also one main landmark per page
 * (axe counts that among its best practices, not WCAG).
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await expect.soft(page.getByRole("main"), `main landmarks of ${screen}`).toHaveCount(1);
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const failures = violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  expect.soft(failures, `accessibility of ${screen} (${page.url()})`).toEqual([]);
}

export async function addMember(admin: Page, projectId: string, email: string, role: string): Promise<void> {
  const added = await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email, role } });
  expect(added.status(), await added.text()).toBe(201);
}

/** Takes the demo users out of the projects again: later specs count the demo users' projects. */
export async function removeMembers(admin: Page, projectIds: string[]): Promise<void> {
  for (const projectId of projectIds) {
    const { members } = (await (await admin.request.get(`/api/v1/projects/${projectId}/members`)).json()) as { members: { userId: string; role: string }[] };
    for (const member of members.filter((candidate) => candidate.role !== "manager")) {
      expect((await admin.request.delete(`/api/v1/projects/${projectId}/members/${member.userId}`)).status()).toBe(204);
    }
  }
}
