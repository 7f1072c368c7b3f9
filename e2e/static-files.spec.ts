import { expect, test } from "./fixtures";

test("serves the icons browsers ask for, a web app manifest, and a robots.txt that keeps the app out of search engines", async ({ page, request }) => {
  const robots = await request.get("/robots.txt");
  expect([robots.status(), await robots.text()]).toEqual([200, "User-agent: *\nDisallow: /\n"]);
  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.status()).toBe(200);
  const { icons, start_url } = (await manifest.json()) as { icons: { src: string; sizes: string }[]; start_url: string };
  expect(start_url).toBe("/projects");
  for (const path of ["/favicon.ico", "/apple-touch-icon.png", ...icons.map((icon) => icon.src)]) {
    const icon = await request.get(path);
    expect(icon.status(), path).toBe(200);
    expect(icon.headers()["content-type"], path).toMatch(/^image\//);
  }

  // Every page names them, and asks not to be indexed.
  await page.goto("/signin");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/apple-touch-icon.png");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex, nofollow");
});
