import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeLargeImage } from "../bench/media";
import { expect, test } from "./fixtures";
import { saveScreenshot, signIn, submittedResults } from "./helpers";

type Box = { type: "bbox"; x: number; y: number; width: number; height: number };

test("a big image opens as its rendition with the shapes in original pixels, and zooming in loads only the visible tiles", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const created = await admin.request.post("/api/v1/projects", { data: { name: "E2E big photo", mediaKind: "image", overlap: 1, tasks: [{ key: "objects", type: "bbox", classes: ["scratch", "dent"] }] } });
  expect(created.status(), await created.text()).toBe(201);
  const { id: projectId } = (await created.json()) as { id: string };
  expect((await admin.request.post(`/api/v1/projects/${projectId}/members`, { data: { email: "carol@example.com", role: "labeler" } })).status()).toBe(201);
  const dir = mkdtempSync(path.join(tmpdir(), "concord-e2e-big-"));
  const file = path.join(dir, "photo-6000x4000.jpg");
  await writeLargeImage(file);
  const imported = await admin.request.post(`/api/v1/projects/${projectId}/imports`, { multipart: { files: { name: "photo.jpg", mimeType: "image/jpeg", buffer: readFileSync(file) } }, timeout: 120_000 });
  rmSync(dir, { recursive: true, force: true });
  expect(imported.status(), await imported.text()).toBe(201);
  const [{ id: itemId }] = ((await imported.json()) as { created: [{ id: string }] }).created;
  // The rendition and the tiles are made by a job after the import.
  await expect
    .poll(async () => ((await (await admin.request.get(`/api/v1/items/${itemId}`)).json()) as { tilesUrl: string | null }).tilesUrl, { timeout: 60_000 })
    .toBe(`/api/v1/items/${itemId}/tiles`);

  const requested: string[] = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  await signIn(page, "carol@example.com");
  await page.goto(`/projects/${projectId}/label`);
  const stage = page.getByTestId("image-stage");
  await expect(page.getByText("6000×4000 px")).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as unknown as { Konva?: { stages: { findOne(selector: string): { image(): unknown } | undefined }[] } }).Konva?.stages[0]?.findOne(".image")?.image() !== undefined)).toBe(true);
  // The rendition, not the 24 megapixels, and no tile while the whole image is in view.
  expect(requested).toContain(`/api/v1/items/${itemId}/rendition`);
  expect(requested).not.toContain(`/api/v1/items/${itemId}/media`);
  expect(requested.filter((url) => url.includes("/tiles"))).toEqual([]);

  // A box drawn at the rendition's zoom lands in the original's pixels.
  const area = (await stage.boundingBox())!;
  const viewNow = () =>
    page.evaluate(() => {
      const node = (window as unknown as { Konva: { stages: { x(): number; y(): number; scaleX(): number }[] } }).Konva.stages[0]!;
      return { x: node.x(), y: node.y(), scale: node.scaleX() };
    });
  const view = await viewNow();
  expect(view.scale).toBeLessThan(0.3);
  const from = { x: Math.round(area.x + area.width * 0.3), y: Math.round(area.y + area.height * 0.3) };
  const to = { x: Math.round(area.x + area.width * 0.5), y: Math.round(area.y + area.height * 0.55) };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByRole("list", { name: "Shapes" }).getByRole("listitem")).toHaveCount(1);
  await saveScreenshot(page, "big-image-rendition");

  // Zoomed in past the rendition: the full resolution's tiles in view, and only those.
  await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
  for (let step = 0; step < 6; step++) await page.mouse.wheel(0, -300);
  await expect.poll(() => requested.filter((url) => url.startsWith(`/api/v1/items/${itemId}/tiles/13/`)).length, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(() => page.evaluate(() => (window as unknown as { Konva: { stages: { find(selector: string): unknown[] }[] } }).Konva.stages[0]!.find(".tile").length)).toBeGreaterThan(0);
  const zoomed = await viewNow();
  expect(zoomed.scale).toBeGreaterThan(0.5);
  // The full resolution is 12×8 tiles of 512 pixels: the zoomed-in stage shows a few of them, and only those are asked for.
  const fullResolution = new Set(requested.filter((url) => url.startsWith(`/api/v1/items/${itemId}/tiles/13/`)));
  const across = Math.ceil(area.width / (512 * zoomed.scale)) + 1;
  const down = Math.ceil(area.height / (512 * zoomed.scale)) + 1;
  expect(fullResolution.size).toBeLessThanOrEqual(across * down);
  expect(fullResolution.size).toBeLessThan(96);
  expect(requested).not.toContain(`/api/v1/items/${itemId}/media`);
  await saveScreenshot(page, "big-image-tiles");

  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("heading", { name: "No more tasks" })).toBeVisible();
  const [[stored]] = (await submittedResults(admin, itemId)) as [[Box]];
  const imagePoint = (point: { x: number; y: number }) => [(point.x - area.x - view.x) / view.scale, (point.y - area.y - view.y) / view.scale] as const;
  const [x1, y1] = imagePoint(from);
  const [x2, y2] = imagePoint(to);
  // One screen pixel is about four of the original's at this zoom.
  const tolerance = 1 / view.scale;
  for (const [actual, expected] of [
    [stored.x, x1],
    [stored.y, y1],
    [stored.x + stored.width, x2],
    [stored.y + stored.height, y2],
  ] as const) {
    expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
  }
  expect(x2).toBeGreaterThan(2048); // beyond the rendition's own pixels: stored in the original's

  // Review shows the whole image too: the rendition, with the labeler's box over it in the original's pixels.
  await admin.setViewportSize({ width: 1280, height: 900 });
  await admin.goto(`/projects/${projectId}/review?item=${itemId}`);
  const shown = admin.getByRole("img", { name: "photo.jpg" });
  await expect(shown).toHaveAttribute("src", `/api/v1/items/${itemId}/rendition`);
  await expect.poll(() => shown.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(2048);
  await expect(admin.getByRole("img", { name: "Labelers' shapes" }).locator("rect").first()).toBeAttached();
  await saveScreenshot(admin, "big-image-review");
  await admin.close();
});
