import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { addMember, expectAccessible, labelAs, removeMembers, saveScreenshot, setUpProject, signIn } from "./helpers";

/** Goes to the page and scans it once its heading is shown. */
async function visit(page: Page, url: string, heading: string | RegExp, screen = url): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await expectAccessible(page, screen);
}

// The forbidden and not-found pages are reached on purpose.
test.use({ expectedFailedLoads: [401, 403, 404] });

async function demoProjectId(page: Page, name: string): Promise<string> {
  const { projects } = (await (await page.request.get("/api/v1/projects")).json()) as { projects: { id: string; name: string }[] };
  return projects.find((project) => project.name === name)!.id;
}

test("the signed-out pages pass an axe scan", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expectAccessible(page, "sign-in");
  await visit(page, "/set-password?token=not-a-token", "Set your password", "set-password, invalid link");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("This link is not a Concord password link.");
  await saveScreenshot(page, "set-password-invalid");
});

test.describe("password links", () => {
  // The administrator tries an email that has an account on purpose.
  test.use({ expectedFailedLoads: [401, 403, 409] });

  test("the administrator's password link and the set-password page it opens pass an axe scan", async ({ page, browser }) => {
    await signIn(page, "admin@example.com");
    await page.goto("/admin");
    // A reset link for a demo user, left unused: the password stays as it is until a link is used.
    await page.getByRole("button", { name: "New password link for bob@example.com" }).click();
    const link = page.getByRole("textbox", { name: "Password link for bob@example.com" });
    await expect(link).toBeVisible();
    await expectAccessible(page, "admin with a password link");
    await page.getByLabel("Email").fill("carol@example.com");
    await page.getByRole("button", { name: "Create and get link" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("A user with email carol@example.com already exists.");
    await expectAccessible(page, "admin with an error");
    const setPassword = await (await browser.newContext()).newPage();
    await visit(setPassword, await link.inputValue(), "Choose a new password", "set-password, valid link");
    await saveScreenshot(setPassword, "set-password-valid");
    await setPassword.context().close();
  });
});

test("an administrator's pages on the demo projects pass an axe scan", async ({ page }) => {
  // Fifteen pages, three of them with a labeling workspace's preview (new project, each project's settings).
  test.setTimeout(180_000);
  await signIn(page, "admin@example.com");
  await expectAccessible(page, "projects list");
  await visit(page, "/projects/new", "New project");
  await visit(page, "/admin", "Users");
  await visit(page, "/account/tokens", "API tokens");
  await visit(page, "/inbox", "Inbox");
  for (const name of ["Demo: photo objects", "Demo: voice search"]) {
    const id = await demoProjectId(page, name);
    await visit(page, `/projects/${id}`, name);
    await visit(page, `/projects/${id}/guidelines`, /Guidelines/);
    await visit(page, `/projects/${id}/items`, /^Items of/);
    await visit(page, `/projects/${id}/dashboard`, /Dashboard/);
    await visit(page, `/projects/${id}/settings`, /Settings/);
    await visit(page, `/projects/${id}/models`, "Models");
  }
  expect((await page.goto("/projects/no-such-project/nowhere"))?.status()).toBe(404);
  await expectAccessible(page, "not found");
  // A project that does not exist: notFound() inside the app's layout.
  expect((await page.goto("/projects/no-such-project"))?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectAccessible(page, "project not found");
});

test("labelers', reviewers' and model pages with data pass an axe scan", async ({ page, browser, playwright }) => {
  // Four people's sessions, six projects' worth of setup and a dozen scans on a shared machine.
  test.setTimeout(240_000);
  // AxeBuilder needs pages of a context of their own.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin@example.com");
  const demoTasks = async (name: string) => ((await (await admin.request.get(`/api/v1/projects/${await demoProjectId(admin, name)}`)).json()) as { tasks: object[] }).tasks;

  // The workspaces with the demo's tasks, in projects of this test's own: opening one leases an item.
  const photos = await setUpProject(admin, { name: "A11y photos", mediaKind: "image", overlap: 1, tasks: await demoTasks("Demo: photo objects") }, ["images/coffee.png"], "carol@example.com");
  const voices = await setUpProject(admin, { name: "A11y voices", mediaKind: "audio", overlap: 1, tasks: await demoTasks("Demo: voice search") }, ["audio/clip1.wav"], "carol@example.com");
  await signIn(page, "carol@example.com");
  for (const projectId of [photos.projectId, voices.projectId]) {
    await page.goto(`/projects/${projectId}/label`);
    await expect(page.getByTestId("item-name")).toBeVisible();
    await page.waitForLoadState("networkidle");
    const kind = projectId === photos.projectId ? "images" : "audio";
    await expectAccessible(page, `label workspace of ${kind}`);
    await saveScreenshot(page, `label-workspace-${kind}`);
  }

  // Two labelers disagree on a scene: the item waits for review, a model predicted it.
  const scene = (value: string) => [{ task: "scene", type: "classification", values: [value] }];
  const tasks = [{ key: "scene", type: "classification", classes: ["food", "space"] }];
  const { projectId, itemIds } = await setUpProject(admin, { name: "A11y review", mediaKind: "image", overlap: 2, maxOverlap: 2, tasks }, ["images/coffee.png"], "alice@example.com");
  await addMember(admin, projectId, "bob@example.com", "labeler");
  await addMember(admin, projectId, "sme@example.com", "reviewer");
  await labelAs(playwright, "alice@example.com", projectId, scene("food"));
  await labelAs(playwright, "bob@example.com", projectId, scene("space"));
  const model = { name: "a11y-classifier", version: "1" };
  const imported = await admin.request.post(`/api/v1/projects/${projectId}/predictions`, { data: { model, predictions: [{ item: itemIds["coffee.png"], result: scene("space") }] } });
  expect(imported.status(), await imported.text()).toBe(200);

  const alice = await (await browser.newContext()).newPage();
  await signIn(alice, "alice@example.com");
  await visit(alice, `/projects/${projectId}/my-items`, /My recent items/);
  await visit(alice, `/projects/${projectId}/feedback`, "Your feedback");
  await visit(alice, `/projects/${projectId}/items/${itemIds["coffee.png"]}/revise`, "Revise your answer", "revise");
  // A labeler on a reviewer's page is told which role it needs.
  expect((await alice.goto(`/projects/${projectId}/review`))?.status()).toBe(403);
  await expect(alice.getByRole("main")).toContainText("reviewer");
  await expectAccessible(alice, "forbidden");
  await saveScreenshot(alice, "forbidden-reviewer");
  expect((await alice.goto("/admin"))?.status()).toBe(403);
  await expect(alice.getByRole("main")).toContainText("administrator rights");
  await expectAccessible(alice, "forbidden administration");
  await alice.close();

  const reviewer = await (await browser.newContext()).newPage();
  await signIn(reviewer, "sme@example.com");
  await reviewer.goto(`/projects/${projectId}/review`);
  await expect(reviewer.getByRole("list", { name: "Review queue" }).getByRole("button")).toHaveText([/coffee\.png/]);
  await expectAccessible(reviewer, "review");
  await visit(reviewer, `/projects/${projectId}/dashboard`, /Dashboard/, "dashboard with answers");
  await saveScreenshot(reviewer, "dashboard-legends");
  await visit(reviewer, `/projects/${projectId}/items`, /^Items of/, "items with answers");
  await visit(reviewer, `/projects/${projectId}/models`, "Models", "models with a model");
  await visit(reviewer, `/projects/${projectId}/models/errors?model=a11y-classifier&version=1&task=scene`, "Error analysis", "model errors");
  await visit(reviewer, `/projects/${projectId}/models/audit?model=a11y-classifier&version=1`, /^Model audit/, "model audit");
  await removeMembers(admin, [photos.projectId, voices.projectId, projectId]);
  await admin.close();
});
