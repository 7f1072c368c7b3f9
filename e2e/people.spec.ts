import { expect, test } from "./fixtures";
import { saveScreenshot, signIn } from "./helpers";

// People join without an email server: an administrator's link, a manager's pasted list (issue 23).
test("an administrator creates a user who sets a password from the link; a reset link replaces it", async ({ page, browser }) => {
  test.slow();
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, "admin@example.com");
  await page.goto("/admin");
  await page.getByLabel("Email").fill("nora@example.org");
  await page.getByLabel("Name").fill("Nora Newcomer");
  await page.getByRole("button", { name: "Create and get link" }).click();
  const shown = page.getByRole("region", { name: "Invitation link for nora@example.org" });
  await expect(shown).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "nora@example.org" })).toContainText("Not set yet");
  await shown.getByRole("button", { name: "Copy link" }).click();
  await expect(shown.getByRole("status")).toHaveText("Copied to the clipboard.");
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/\/set-password\?token=[A-Za-z0-9_-]{43}$/);
  await expect(shown.getByRole("textbox", { name: "Password link for nora@example.org" })).toHaveValue(link);
  await saveScreenshot(page, "admin-user-created");

  // The new user, in a browser of their own.
  const nora = await (await browser.newContext()).newPage();
  await nora.goto(link);
  await expect(nora.getByRole("heading", { name: "Set your password" })).toBeVisible();
  await expect(nora.getByRole("main")).toContainText("Welcome, Nora Newcomer. Choose the password for nora@example.org.");
  await nora.getByLabel("New password", { exact: true }).fill("short");
  await nora.getByLabel("Repeat the password").fill("short");
  await nora.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(nora.getByText("Passwords need at least 8 characters.")).toBeVisible();
  await expect(nora.getByLabel("New password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await saveScreenshot(nora, "set-password-error");
  await nora.getByLabel("New password", { exact: true }).fill("noras own password");
  await nora.getByLabel("Repeat the password").fill("noras own password");
  await nora.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(nora).toHaveURL(/\/projects$/);
  await expect(nora.getByRole("button", { name: /Account menu for Nora Newcomer/ })).toBeVisible();

  // The link worked once.
  await nora.goto(link);
  await expect(nora.getByRole("main").getByRole("alert")).toHaveText("This link has already been used. Sign in with your password, or ask your administrator for a new link.");
  await saveScreenshot(nora, "set-password-used");
  await nora.context().close();

  // A reset link: the password stays until the link is used.
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: "nora@example.org" })).toContainText("Set");
  await page.getByRole("button", { name: "New password link for nora@example.org" }).click();
  const reset = page.getByRole("region", { name: "Password reset link for nora@example.org" });
  await expect(reset).toContainText("The current password keeps working until the link is used.");
  const resetLink = await reset.getByRole("textbox").inputValue();
  expect(resetLink).not.toBe(link);
  await saveScreenshot(page, "admin-reset-link");

  const again = await (await browser.newContext()).newPage();
  await signIn(again, "nora@example.org", "noras own password");
  await again.goto(resetLink);
  await expect(again.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await saveScreenshot(again, "set-password-reset");
  await again.context().close();

  // Disabling asks first; the account is marked, and can be enabled again.
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Disable nora@example.org" }).click();
  await expect(page.getByRole("row").filter({ hasText: "nora@example.org" })).toContainText("Disabled");
  await expect(reset).toHaveCount(0);
  await saveScreenshot(page, "admin-user-disabled");
  await page.getByRole("button", { name: "Enable nora@example.org" }).click();
  await expect(page.getByRole("button", { name: "Disable nora@example.org" })).toBeVisible();
});

test("a manager pastes several emails and sees what happened to each; edits the guidelines with a preview", async ({ page }) => {
  test.slow();
  await signIn(page, "admin@example.com");
  const created = await page.request.post("/api/v1/projects", {
    data: { name: "People at once", mediaKind: "image", tasks: [{ key: "defect", type: "classification", classes: ["ok", "scratch"] }], guidelines: "# Defects\nLabel what you see." },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id: projectId } = (await created.json()) as { id: string };
  // Members of this test's own, not demo users: later specs count the demo users' projects.
  const account = await page.request.post("/api/v1/users", { data: { email: "paula@example.org", name: "Paula" } });
  expect(account.status(), await account.text()).toBe(201);

  await page.goto(`/projects/${projectId}`);
  await page.getByRole("textbox", { name: "Add several by email" }).fill("Paula <paula@example.org>, someone.new@example.org\nnot-an-email");
  await page.getByRole("combobox", { name: "Role for the pasted emails" }).selectOption("reviewer");
  await page.getByRole("button", { name: "Add all" }).click();
  const results = page.getByRole("list", { name: "What happened to each pasted email" });
  await expect(results.getByRole("listitem")).toHaveText([/paula@example\.org\s*Added\./, /someone\.new@example\.org\s*Invited\./, /not-an-email\s*Not an email\./]);
  // The entry to correct stays in the field; the others are done.
  await expect(page.getByRole("textbox", { name: "Add several by email" })).toHaveValue("not-an-email");
  await expect(page.getByRole("combobox", { name: "Role of paula@example.org" })).toHaveValue("reviewer");
  await expect(page.getByRole("list", { name: "Invitations" })).toContainText("someone.new@example.org");
  await saveScreenshot(page, "members-pasted");

  // Pasting a member again leaves their role as it is.
  await page.getByRole("textbox", { name: "Add several by email" }).fill("paula@example.org");
  await page.getByRole("combobox", { name: "Role for the pasted emails" }).selectOption("labeler");
  await page.getByRole("button", { name: "Add all" }).click();
  await expect(results.getByRole("listitem")).toHaveText([/paula@example\.org\s*Already a reviewer\./]);

  await page.goto(`/projects/${projectId}/guidelines`);
  await page.getByRole("button", { name: "Edit guidelines" }).click();
  const editor = page.getByRole("form", { name: "Edit the guidelines" });
  const preview = editor.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("heading", { name: "Defects" })).toBeVisible();
  await editor.getByLabel("Guidelines (markdown)").fill("# Defects\nLabel what you see.\n\n## Borderline\n- A scratch **shorter than 2 mm** is ok.");
  await expect(preview.getByRole("heading", { name: "Borderline" })).toBeVisible();
  await expect(preview.locator("strong")).toHaveText("shorter than 2 mm");

  // Leaving with unsaved edits asks first; dismissing stays on the page with the edits.
  page.once("dialog", (dialog) => dialog.dismiss());
  await page.getByRole("link", { name: "← People at once" }).click();
  await expect(editor.getByLabel("Guidelines (markdown)")).toHaveValue(/shorter than 2 mm/);
  await expect(page).toHaveURL(/\/guidelines$/);

  await editor.getByRole("button", { name: "Save as version 2" }).click();
  await expect(editor.getByText("Say what changed: labelers see it with the new version.")).toBeVisible();
  await saveScreenshot(page, "guidelines-editor");
  await editor.getByLabel("What changed").fill("Borderline scratches");
  await editor.getByRole("button", { name: "Save as version 2" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved as version 2" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("Version 2 (current)");
  await expect(page.getByRole("region", { name: "Version 2" }).getByRole("heading", { name: "Borderline" })).toBeVisible();
  await saveScreenshot(page, "guidelines-saved");
});
