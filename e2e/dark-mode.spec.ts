import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { addMember, expectAccessible, labelAs, removeMembers, saveScreenshot, saveScreenshotsInBothThemes, setUpProject, signIn } from "./helpers";

const html = (page: Page) => page.locator("html");
const pageBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

async function chooseTheme(page: Page, theme: "System" | "Light" | "Dark"): Promise<void> {
  await page.getByRole("button", { name: /^Account menu for/ }).click();
  await page.getByRole("menuitemradio", { name: `${theme} theme` }).click();
  await expect(page.getByRole("menuitemradio", { name: `${theme} theme` })).toHaveAttribute("aria-checked", "true");
  await page.keyboard.press("Escape");
}

test("follows the system's dark setting, and a choice in the account menu overrides it across reloads", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await signIn(page, "admin@example.com");
  await expect(html(page)).toHaveClass(/\bdark\b/);
  expect(await pageBackground(page)).toBe("rgb(2, 6, 23)");
  await page.getByRole("button", { name: /^Account menu for/ }).click();
  await expect(page.getByRole("menuitemradio", { name: "System theme" })).toHaveAttribute("aria-checked", "true");
  await saveScreenshot(page, "dark-projects-menu");
  await page.keyboard.press("Escape");

  await chooseTheme(page, "Light");
  await expect(html(page)).not.toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(html(page)).not.toHaveClass(/\bdark\b/);
  expect(await pageBackground(page)).not.toBe("rgb(2, 6, 23)");

  await chooseTheme(page, "System");
  await expect(html(page)).toHaveClass(/\bdark\b/);
  // A change of the system's setting applies at once while following it.
  await page.emulateMedia({ colorScheme: "light" });
  await expect(html(page)).not.toHaveClass(/\bdark\b/);

  await chooseTheme(page, "Dark");
  await page.reload();
  await expect(html(page)).toHaveClass(/\bdark\b/);
  await expect(html(page)).toHaveAttribute("data-theme", "dark");
});

test("in the dark theme the projects list, dashboard, labeling workspace and review page pass an axe scan", async ({ browser, playwright }) => {
  test.setTimeout(240_000);
  const admin = await (await browser.newContext({ colorScheme: "dark" })).newPage();
  await signIn(admin, "admin@example.com");
  await expect(html(admin)).toHaveClass(/\bdark\b/);
  await expectAccessible(admin, "projects list (dark)");
  await saveScreenshotsInBothThemes(admin, "theme-projects");
  await admin.emulateMedia({ colorScheme: "dark" });

  const tasks = [
    { key: "scene", type: "classification", classes: ["food", "space"] },
    { key: "objects", type: "bbox", classes: ["cup", "plate"] },
  ];
  const scene = (value: string) => [{ task: "scene", type: "classification", values: [value] }];
  const { projectId } = await setUpProject(admin, { name: "Dark review", mediaKind: "image", overlap: 2, maxOverlap: 2, tasks }, ["images/coffee.png"], "alice@example.com");
  await addMember(admin, projectId, "bob@example.com", "labeler");
  await addMember(admin, projectId, "sme@example.com", "reviewer");
  await labelAs(playwright, "alice@example.com", projectId, [...scene("food"), { task: "objects", type: "bbox", label: "cup", x: 100, y: 100, width: 150, height: 120 }]);
  await labelAs(playwright, "bob@example.com", projectId, scene("space"));
  const workspace = await setUpProject(admin, { name: "Dark labeling", mediaKind: "image", overlap: 1, tasks }, ["images/coffee.png"], "carol@example.com");

  await admin.goto(`/projects/${projectId}/dashboard`);
  await expect(admin.getByRole("heading", { level: 1, name: /Dashboard/ })).toBeVisible();
  await admin.waitForLoadState("networkidle");
  await expectAccessible(admin, "dashboard (dark)");
  await saveScreenshotsInBothThemes(admin, "theme-dashboard");

  const carol = await (await browser.newContext({ colorScheme: "dark" })).newPage();
  await signIn(carol, "carol@example.com");
  await carol.goto(`/projects/${workspace.projectId}/label`);
  await expect(carol.getByTestId("item-name")).toBeVisible();
  await carol.waitForLoadState("networkidle");
  await expectAccessible(carol, "labeling workspace (dark)");
  await saveScreenshotsInBothThemes(carol, "theme-label-workspace");
  await carol.close();

  const reviewer = await (await browser.newContext({ colorScheme: "dark" })).newPage();
  await signIn(reviewer, "sme@example.com");
  await reviewer.goto(`/projects/${projectId}/review`);
  await expect(reviewer.getByRole("list", { name: "Review queue" }).getByRole("button")).toHaveText([/coffee\.png/]);
  await reviewer.waitForLoadState("networkidle");
  await expectAccessible(reviewer, "review (dark)");
  await saveScreenshotsInBothThemes(reviewer, "theme-review");
  await reviewer.close();

  await removeMembers(admin, [projectId, workspace.projectId]);
  await admin.close();
});
