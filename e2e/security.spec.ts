// Attacks from another origin (issue 19) in a real browser, and over HTTP against the running server.
import { readFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { fixturePath } from "../lib/testing/fixtures";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, saveScreenshot, signIn } from "./helpers";

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

async function newProject(admin: Page, name: string, guidelines = ""): Promise<string> {
  const tasks = [{ key: "scene", type: "classification", classes: ["space", "animal"] }];
  const created = await admin.request.post("/api/v1/projects", { data: { name, mediaKind: "image", overlap: 1, maxOverlap: 1, tasks, guidelines } });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

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

test.describe("issue 19 #6: a page on another port of the same host cannot act with the signed-in user's cookie", () => {
  test.use({ expectedFailedLoads: [401, 403, 415] });

  test("its text/plain and multipart requests change nothing; Concord's own page still can", async ({ page }) => {
    await signIn(page, "admin@example.com");
    const projectId = await newProject(page, `CSRF target ${Date.now()}`);
    const members = `${appOrigin()}/api/v1/projects/${projectId}/members`;
    const imports = `${appOrigin()}/api/v1/projects/${projectId}/imports`;
    // What the attacker's page does: requests a page may send anywhere without asking (no preflight), with cookies.
    const attacker = await otherSite(`<!doctype html><script>
      (async () => {
        const results = [];
        const send = (url, init) => fetch(url, { credentials: "include", mode: "no-cors", ...init }).then(() => "sent", (error) => String(error));
        results.push(await send(${JSON.stringify(members)}, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ email: "sme@example.com", role: "manager" }) }));
        const form = new FormData();
        form.append("files", await (await fetch("/astronaut.png")).blob(), "astronaut.png");
        results.push(await send(${JSON.stringify(imports)}, { method: "POST", body: form }));
        document.title = "done: " + results.join(", ");
      })();
    </script>`);
    try {
      await page.goto(`http://localhost:${attacker.port}/`);
      await expect(page).toHaveTitle("done: sent, sent");
      const memberList = (await (await page.request.get(members)).json()) as { members: { email: string }[] };
      expect(memberList.members.map((member) => member.email)).toEqual(["admin@example.com"]);
      const items = (await (await page.request.get(`/api/v1/projects/${projectId}/items`)).json()) as { items: unknown[] };
      expect(items.items).toEqual([]);

      // The same session from Concord's own page: JSON is accepted, text/plain is not.
      await page.goto(`/projects/${projectId}`);
      const statuses = await page.evaluate(async (url) => {
        const body = JSON.stringify({ email: "sme@example.com", role: "reviewer" });
        const asText = await fetch(url, { method: "POST", headers: { "content-type": "text/plain" }, body });
        const asJson = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
        return [asText.status, asJson.status];
      }, members);
      expect(statuses).toEqual([415, 201]);
    } finally {
      attacker.server.close();
    }
  });
});

test.describe("issue 19 #11: a JSON body over the limit is refused before it is read", () => {
  test("413 on a declared length over 5 MB, and on a chunked body as soon as it passes 5 MB", async ({ page }) => {
    await signIn(page, "admin@example.com");
    const created = await page.request.post("/api/v1/tokens", { data: { name: `body limit ${Date.now()}` } });
    const { token } = (await created.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };

    const declared = await page.request.post("/api/v1/projects", { headers, data: `{"name":"${"x".repeat(6 * 1024 ** 2)}"}` });
    expect(declared.status()).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");

    // A body of 200 MB without a length: the answer comes while most of it is still unsent.
    const total = 200 * 1024 ** 2;
    const chunk = Buffer.alloc(1024 ** 2, " ");
    const { status, sent } = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const upload = httpRequest(`${appOrigin()}/api/v1/projects`, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } }, (response) => {
        answered = true;
        resolve({ status: response.statusCode ?? 0, sent });
        response.resume();
        upload.destroy();
      });
      upload.on("error", (error) => (answered ? undefined : reject(error)));
      const writeMore = () => {
        while (!answered && sent < total) {
          sent += chunk.length;
          if (!upload.write(chunk)) return void upload.once("drain", writeMore);
        }
        if (!answered) upload.end();
      };
      writeMore();
    });
    expect(status).toBe(413);
    expect(sent).toBeLessThan(total / 2);
  });
});

test.describe("issue 19 #19: the Content-Security-Policy", () => {
  test.use({ expectedConsoleErrors: [/^Loading the image 'http:\/\/127\.0\.0\.1:\d+\/beacon\.png' violates the following Content Security Policy directive: "img-src 'self' blob: data:"\. The action has been blocked\.$/] });

  test("a guideline image from another origin is not loaded; the app's own image and scripts are", async ({ page }) => {
    const beacon = await otherSite();
    try {
      await signIn(page, "admin@example.com");
      const guidelines = `# Scenes\n\nOur logo: ![logo](/icon.svg)\n\nA tracking pixel: ![pixel](http://127.0.0.1:${beacon.port}/beacon.png)\n`;
      const projectId = await newProject(page, `CSP ${Date.now()}`, guidelines);
      const response = await page.goto(`/projects/${projectId}/guidelines`);
      const policy = response?.headers()["content-security-policy"] ?? "";
      expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(policy).toContain("img-src 'self' blob: data:;");
      await expect(page.getByRole("img", { name: "logo" })).toBeVisible();
      expect(await page.getByRole("img", { name: "logo" }).evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
      expect(await page.getByRole("img", { name: "pixel" }).evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(0);
      // Scripts ran: the account menu opens.
      await page.getByRole("button", { name: /Account menu for Ada Admin/ }).click();
      await expect(page.getByRole("menu")).toBeVisible();
      await saveScreenshot(page, "guidelines-csp");
      expect(beacon.hits).toEqual([]);
    } finally {
      beacon.server.close();
    }
  });
});
