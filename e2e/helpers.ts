import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "concord-demo";

/** Screenshots worth looking at after a run: e2e/.artifacts/<name>.png */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join("e2e", ".artifacts", `${name}.png`), fullPage: true });
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/projects$/);
}
