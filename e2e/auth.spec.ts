import { expect, test } from "./fixtures";
import { concordCli, DEMO_PASSWORD, saveScreenshot, signIn } from "./helpers";

test.describe("signing in and out", () => {
  test("the demo admin signs in, sees both demo projects, and signs out", async ({ page }) => {
    await page.goto("/projects");
    await expect(page).toHaveURL(/\/signin/);
    await saveScreenshot(page, "signin");

    await signIn(page, "admin@example.com");
    await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Demo: photo objects" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Demo: voice search" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Admin" })).toBeVisible();
    await saveScreenshot(page, "projects-admin");

    await page.getByRole("link", { name: "Admin" }).click();
    await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
    await expect(page.getByRole("row")).toHaveCount(6);
    await expect(page.getByRole("cell", { name: "carol@example.com", exact: true })).toBeVisible();
    await saveScreenshot(page, "admin-users");

    await page.getByRole("button", { name: /Account menu for Ada Admin/ }).click();
    await expect(page.getByRole("menu")).toContainText("admin@example.com");
    await saveScreenshot(page, "user-menu");
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin\?reason=signed-out/);
    await expect(page.getByRole("status")).toHaveText("You are signed out.");
    await page.goto("/projects");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("a wrong password shows an error and no session", async ({ page }) => {
    await page.goto("/signin");
    await page.getByLabel("Email").fill("admin@example.com");
    await page.getByLabel("Password").fill(`${DEMO_PASSWORD}-wrong`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");
    await expect(page).toHaveURL(/\/signin/);
    await saveScreenshot(page, "signin-error");
    const session = await page.request.get("/api/v1/projects");
    expect(session.status()).toBe(401);
  });

  test("a labeler sees only their projects and cannot open the admin page", async ({ page }) => {
    await signIn(page, "alice@example.com");
    await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
    await expect(page.getByText("Your role Labeler")).toHaveCount(2);
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    await saveScreenshot(page, "admin-forbidden");
  });
});

test.describe("session revocation", () => {
  test("a password reset by an administrator ends the user's open session", async ({ page }) => {
    await signIn(page, "carol@example.com");
    concordCli("user", "set-password", "--email", "carol@example.com", "--password", "carols new password");

    await page.reload();
    await expect(page).toHaveURL(/\/signin\?reason=session-ended/);
    await expect(page.getByRole("status")).toHaveText("Your session ended: you signed out (here or in another browser), or your password or administrator rights changed. Please sign in again.");
    await saveScreenshot(page, "signin-session-ended");
    expect((await page.request.get("/api/v1/projects")).status()).toBe(401);
    await signIn(page, "carol@example.com", "carols new password");
  });

  test("signing out ends the session: a copy of its cookie is refused afterwards (issue 19 #15)", async ({ page, playwright }) => {
    await signIn(page, "bob@example.com");
    const session = (await page.context().cookies()).find((cookie) => cookie.name === "next-auth.session-token");
    expect(session).toBeDefined();
    const copy = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: { cookie: `${session!.name}=${session!.value}` } });
    expect((await copy.get("/api/v1/projects")).status()).toBe(200);

    await page.getByRole("button", { name: "Account menu for Bob Labeler" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin\?reason=signed-out/);
    expect((await copy.get("/api/v1/projects")).status()).toBe(401);
    await copy.dispose();
  });

  // Later specs sign in as Carol with the demo password.
  test.afterAll(() => {
    concordCli("user", "set-password", "--email", "carol@example.com", "--password", DEMO_PASSWORD);
  });
});

test.describe("the API", () => {
  test("answers 401 JSON without credentials, and the caller's projects with a session", async ({ page, request }) => {
    const anonymous = await request.get("/api/v1/projects");
    expect(anonymous.status()).toBe(401);
    expect(anonymous.headers()["content-type"]).toContain("application/json");
    expect(await anonymous.json()).toEqual({ error: { code: "unauthorized", message: expect.stringContaining("Sign in") } });

    const health = await request.get("/api/v1/health");
    expect(await health.json()).toEqual({ status: "ok", database: "sqlite", media: "local", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });

    await signIn(page, "bob@example.com");
    const mine = await page.request.get("/api/v1/projects");
    expect(mine.status()).toBe(200);
    const body = (await mine.json()) as { projects: { name: string; role: string }[] };
    expect(body.projects.map((project) => [project.name, project.role])).toEqual([
      ["Demo: photo objects", "labeler"],
      ["Demo: voice search", "labeler"],
    ]);
  });

  test("a user creates a token in the UI, the API accepts it and shows its last use, and revoking it ends it", async ({ page, playwright }) => {
    await signIn(page, "bob@example.com");
    await page.getByRole("button", { name: "Account menu for Bob Labeler" }).click();
    await page.getByRole("menuitem", { name: "API tokens" }).click();
    await page.getByLabel("Name").fill("nightly export");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = await page.getByRole("textbox", { name: "New token" }).inputValue();
    expect(token.length).toBeGreaterThan(30);

    const script = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
    expect((await script.get("/api/v1/projects")).status()).toBe(200);
    expect((await script.post("/api/v1/tokens", { data: { name: "minted by a token" } })).status()).toBe(403);
    await page.reload();
    const row = page.getByRole("table", { name: "Your tokens" }).getByRole("row").filter({ hasText: "nightly export" });
    await expect(row).not.toContainText("never");
    await saveScreenshot(page, "api-tokens");
    await row.getByRole("button", { name: "Revoke nightly export" }).click();
    await saveScreenshot(page, "api-tokens-revoke");
    await row.getByRole("button", { name: "Confirm revoking nightly export" }).click();
    await expect(row).toContainText("revoked");
    expect((await script.get("/api/v1/projects")).status()).toBe(401);
    await script.dispose();
  });
});

