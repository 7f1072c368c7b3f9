import { expect, test } from "./fixtures";
import { saveScreenshot, signIn } from "./helpers";

test("an invalid split is explained under its field and the page stays; once fixed, the export starts", async ({ page }) => {
  await signIn(page, "admin@example.com");
  await page.getByRole("link", { name: "Demo: voice search", exact: true }).click();
  await expect(page).toHaveURL(/\/projects\/[^/]+$/);
  const projectUrl = page.url();
  const exportForm = page.getByRole("region", { name: "Export" });
  const runs = exportForm.getByRole("list", { name: "Recent exports" }).getByRole("listitem");
  const before = await runs.count();
  const split = exportForm.getByLabel("Split (train,dev,test)");
  await split.fill("70,x,15");
  await exportForm.getByRole("button", { name: "Start export" }).click();
  // Checked with the API's schema before anything is sent: the message is the API's, under the field.
  await expect(split).toHaveAttribute("aria-invalid", "true");
  await expect(split).toHaveAccessibleDescription('Split "70,x,15": "x" is not a number.');
  await expect(exportForm.getByText('Split "70,x,15": "x" is not a number.')).toBeVisible();
  expect(page.url()).toBe(projectUrl);
  await expect(runs).toHaveCount(before);
  await saveScreenshot(page, "export-invalid-split");

  await split.fill("80,20");
  await exportForm.getByRole("button", { name: "Start export" }).click();
  await expect(runs).toHaveCount(before + 1);
  await expect(split).not.toHaveAttribute("aria-invalid");
  await expect(exportForm.getByText("is not a number")).toHaveCount(0);
  expect(page.url()).toBe(projectUrl);
});
