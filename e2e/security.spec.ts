// Attacks from another origin (issue 19) in a real browser, and over HTTP against the running server.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { fixturePath } from "../lib/testing/fixtures";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD } from "./helpers";

/** Another site on this machine: serves `page` at / and records every path asked of it. */
async function otherSite(page = ""): Promise<{ port: number; hits: string[]; server: Server }> {
  const hits: string[] = [];
  const png = readFileSync(fixturePath("images/astronaut.png"));
  const server = createServer((request, response) => {
    hits.push(request.url ?? "");
    if (request.url === "/") response.writeHead(200, { "content-type": "text/html" }).end(page);
    else response.writeHead(200, { "content-type": "image/png" }).end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return { port: (server.address() as AddressInfo).port, hits, server };
}

const appOrigin = () => new URL(test.info().project.use.baseURL!).origin;

test.describe("issue 19 #5: after sign-in the browser stays on Concord", () => {
  /** Signs in afresh from the sign-in page with this callbackUrl (as it appears in the address bar). */
  async function signInWith(page: Page, callbackUrl: string): Promise<void> {
    await page.context().clearCookies();
    await page.goto(`/signin?callbackUrl=${callbackUrl}`);
    await page.getByLabel("Email").fill("admin@example.com");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  test("a callbackUrl that a browser resolves to another host leads to the projects, an own path to that path", async ({ page }) => {
    const foreign = await otherSite("<h1>another site</h1>");
    try {
      for (const payload of [`/%5C127.0.0.1:${foreign.port}/x`, `/%09/127.0.0.1:${foreign.port}/x`, `/%5C%5C127.0.0.1:${foreign.port}`]) {
        await signInWith(page, payload);
        await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
        expect(page.url(), payload).toBe(`${appOrigin()}/projects`);
      }
      expect(foreign.hits).toEqual([]);

      await signInWith(page, "%2Faccount%2Ftokens");
      await expect(page).toHaveURL(`${appOrigin()}/account/tokens`);
    } finally {
      foreign.server.close();
    }
  });
});
