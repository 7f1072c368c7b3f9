import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { saveScreenshot, setUpProject, signIn, submittedResults } from "./helpers";

/** Whether two lists of coordinates have the same length and differ by at most one pixel each. */
const within1px = (actual: number[], expected: number[]) => actual.length === expected.length && actual.every((value, index) => Math.abs(value - expected[index]!) <= 1);

/** Screenshots of a workspace at the two screen sizes it is made for. */
async function screenshotsAtBothSizes(page: Page, name: string) {
  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300); // the canvas or waveform follows its container's new size
    await saveScreenshot(page, `${name}-${width}x${height}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("a labeler segments dialogue.wav with classes and transcripts by mouse and keyboard", async ({ page, browser }) => {
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const speech = { key: "turns", type: "segment", classes: ["agent", "caller"], uncertainClass: "unclear", transcript: true };
  const { projectId, itemIds } = await setUpProject(admin, { name: "E2E dialogue", mediaKind: "audio", overlap: 1, tasks: [speech] }, ["audio/dialogue.wav"], "bob@example.com");
  const itemId = itemIds["dialogue.wav"]!;
  const { durationMs } = (await (await admin.request.get(`/api/v1/items/${itemId}`)).json()) as { durationMs: number };

  await signIn(page, "bob@example.com");
  await page.goto(`/projects/${projectId}/label`);
  // The waveform is drawn from the stored peaks, inside wavesurfer's shadow root.
  const wrapper = page.getByTestId("waveform").locator('[part="wrapper"]');
  await expect(wrapper.locator("canvas").first()).toBeVisible();
  const box = (await wrapper.boundingBox())!;
  const seconds = (x: number) => ((x - box.x) / box.width) * (durationMs / 1000);
  const y = box.y + box.height / 2;

  async function dragSegment(fromFraction: number, toFraction: number) {
    const [from, to] = [box.x + box.width * fromFraction, box.x + box.width * toFraction].map(Math.round) as [number, number];
    await page.mouse.move(from, y);
    await page.mouse.down();
    await page.mouse.move(to, y, { steps: 12 });
    await page.mouse.up();
    return { start: seconds(from), end: seconds(to) };
  }

  // First segment: "caller" by its number key, then its transcript (Enter focuses it, Escape leaves it).
  const first = await dragSegment(0.1, 0.35);
  await expect(page.getByRole("list", { name: "Segments" }).getByRole("listitem")).toHaveCount(1);
  await page.keyboard.press("2");
  await page.keyboard.press("Enter");
  await page.keyboard.type("hello can you hear me");
  await page.keyboard.press("Escape");

  // Second segment: the uncertainty class by its key, marked uncertain, with [unintelligible] by Alt+U.
  const second = await dragSegment(0.5, 0.8);
  await page.keyboard.press("u");
  await page.keyboard.press("Shift+U");
  await page.keyboard.press("Enter");
  await page.keyboard.type("yes I");
  await page.keyboard.press("Alt+u");
  await page.keyboard.press("Escape");
  const segments = page.getByRole("list", { name: "Segments" });
  await expect(segments.getByRole("listitem")).toHaveCount(2);
  await expect(page.getByLabel("Class of 2")).toHaveValue("unclear");
  await screenshotsAtBothSizes(page, "audio-workspace");

  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("heading", { name: "No more tasks" })).toBeVisible();
  await expect(page.getByText("This session: 1 submitted, 0 skipped.")).toBeVisible();

  const [result] = await submittedResults(admin, itemId);
  const stored = (result as { label: string; start: number; end: number; transcript?: string; uncertain?: boolean }[]).sort((a, b) => a.start - b.start);
  expect(stored.map(({ label, transcript, uncertain }) => ({ label, transcript, uncertain }))).toEqual([
    { label: "caller", transcript: "hello can you hear me", uncertain: undefined },
    { label: "unclear", transcript: "yes I [unintelligible]", uncertain: true },
  ]);
  for (const [drawn, saved] of [
    [first, stored[0]!],
    [second, stored[1]!],
  ] as const) {
    expect(Math.abs(saved.start - drawn.start)).toBeLessThan(0.05);
    expect(Math.abs(saved.end - drawn.end)).toBeLessThan(0.05);
  }
  await admin.close();
});

test("a labeler draws two boxes and a polygon on coffee.png while zoomed in; stored coordinates are original pixels", async ({ page, browser }) => {
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const tasks = [
    { key: "objects", type: "bbox", classes: ["cup", "spoon"] },
    { key: "outline", type: "polygon", classes: ["saucer"] },
  ];
  const { projectId, itemIds } = await setUpProject(admin, { name: "E2E coffee", mediaKind: "image", overlap: 1, tasks }, ["images/coffee.png"], "bob@example.com");

  await signIn(page, "bob@example.com");
  await page.goto(`/projects/${projectId}/label`);
  const stage = page.getByTestId("image-stage");
  await expect(stage.locator("canvas").first()).toBeVisible();
  const area = (await stage.boundingBox())!;
  await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
  await page.mouse.wheel(0, -250);
  await expect(page.getByLabel("Zoom level")).not.toHaveText("100%");
  // The view after zooming, from konva itself: screen = position + image pixel × scale.
  await page.waitForTimeout(200);
  const view = await page.evaluate(() => {
    const stageNode = (window as unknown as { Konva: { stages: { x(): number; y(): number; scaleX(): number }[] } }).Konva.stages[0]!;
    return { x: stageNode.x(), y: stageNode.y(), scale: stageNode.scaleX() };
  });
  expect(view.scale).not.toBeCloseTo(1, 2);
  const screen = (fx: number, fy: number) => ({ x: Math.round(area.x + area.width * fx), y: Math.round(area.y + area.height * fy) });
  const imagePoint = (point: { x: number; y: number }) => [(point.x - area.x - view.x) / view.scale, (point.y - area.y - view.y) / view.scale] as const;

  async function drag(from: { x: number; y: number }, to: { x: number; y: number }) {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 8 });
    await page.mouse.up();
  }
  const boxes = [
    { from: screen(0.3, 0.3), to: screen(0.45, 0.5), label: "cup" },
    { from: screen(0.55, 0.35), to: screen(0.7, 0.6), label: "spoon" },
  ];
  await drag(boxes[0]!.from, boxes[0]!.to);
  await drag(boxes[1]!.from, boxes[1]!.to);
  await page.keyboard.press("2"); // the class of the box just drawn, which is selected

  await page.keyboard.press("p");
  const vertices = [screen(0.35, 0.65), screen(0.5, 0.6), screen(0.6, 0.75), screen(0.4, 0.8)];
  for (const vertex of vertices) await page.mouse.click(vertex.x, vertex.y);
  await page.keyboard.press("Enter");
  const rows = page.getByRole("list", { name: "Shapes" }).getByRole("listitem");
  await expect(rows).toHaveCount(3);
  await screenshotsAtBothSizes(page, "image-workspace");

  // With the select tool a click picks the shape drawn there: inside a box, inside the polygon; beside them, none.
  await page.keyboard.press("v");
  const clickAt = (point: { x: number; y: number }) => page.mouse.click(point.x, point.y);
  await clickAt(screen(0.375, 0.4));
  await expect(rows.nth(0)).toHaveAttribute("aria-current", "true");
  await clickAt(screen(0.47, 0.7));
  await expect(rows.nth(2)).toHaveAttribute("aria-current", "true");
  await expect(rows.nth(0)).not.toHaveAttribute("aria-current");
  await clickAt(screen(0.5, 0.2));
  await expect(page.locator("li[aria-current]")).toHaveCount(0);

  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("heading", { name: "No more tasks" })).toBeVisible();

  const [result] = await submittedResults(admin, itemIds["coffee.png"]!);
  type Box = { type: "bbox"; label: string; x: number; y: number; width: number; height: number };
  type Polygon = { type: "polygon"; label: string; points: [number, number][] };
  const entries = result as (Box | Polygon)[];
  const storedBoxes = entries.filter((entry): entry is Box => entry.type === "bbox");
  expect(storedBoxes.map((entry) => entry.label)).toEqual(["cup", "spoon"]);
  boxes.forEach(({ from, to }, index) => {
    const [x1, y1] = imagePoint(from);
    const [x2, y2] = imagePoint(to);
    const stored = storedBoxes[index]!;
    expect(within1px([stored.x, stored.y, stored.x + stored.width, stored.y + stored.height], [x1, y1, x2, y2])).toBe(true);
  });
  const polygon = entries.find((entry): entry is Polygon => entry.type === "polygon");
  expect(polygon?.label).toBe("saucer");
  expect(within1px(polygon?.points.flat() ?? [], vertices.flatMap((vertex) => imagePoint(vertex))), JSON.stringify([polygon?.points, vertices.map(imagePoint)])).toBe(true);
  await admin.close();
});

test("with the polygon tool every click is a vertex, also on a selected box's resize handles: five clicks, five points", async ({ page, browser }) => {
  const admin = await browser.newPage();
  await signIn(admin, "admin@example.com");
  const tasks = [
    { key: "objects", type: "bbox", classes: ["cup"] },
    { key: "outline", type: "polygon", classes: ["saucer"] },
  ];
  const { projectId } = await setUpProject(admin, { name: "E2E handles", mediaKind: "image", overlap: 1, tasks }, ["images/coffee.png"], "bob@example.com");
  await admin.close();

  await signIn(page, "bob@example.com");
  await page.goto(`/projects/${projectId}/label`);
  const stage = page.getByTestId("image-stage");
  await expect(stage.locator("canvas").first()).toBeVisible();
  const area = (await stage.boundingBox())!;
  const screen = (fx: number, fy: number) => ({ x: Math.round(area.x + area.width * fx), y: Math.round(area.y + area.height * fy) });
  const from = screen(0.35, 0.3);
  const to = screen(0.55, 0.5);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
  const shapes = page.getByRole("list", { name: "Shapes" });
  await expect(shapes.getByRole("listitem")).toHaveCount(1);
  const boxRow = shapes.getByRole("listitem").first().getByRole("button", { name: /^1\. box / });
  const box = await boxRow.textContent();

  // The new box is selected: its resize handles are on screen when the polygon tool is picked.
  await page.keyboard.press("p");
  await page.waitForTimeout(200);
  type KonvaNode = { findOne(selector: string): KonvaNode; find(selector: string): KonvaNode[]; getClientRect(): { x: number; y: number; width: number; height: number }; getClassName(): string; points(): number[]; visible(): boolean };
  type KonvaStage = KonvaNode & { x(): number; y(): number; scaleX(): number };
  const { handles, view } = await page.evaluate(() => {
    const stageNode = (window as unknown as { Konva: { stages: KonvaStage[] } }).Konva.stages[0]!;
    const transformer = stageNode.findOne("Transformer");
    const centre = (name: string) => {
      const rect = transformer.findOne(`.${name}`).getClientRect();
      return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    };
    return { handles: [centre("top-left"), centre("middle-right")], view: { x: stageNode.x(), y: stageNode.y(), scale: stageNode.scaleX() } };
  });
  const onHandle = (handle: { x: number; y: number }) => ({ x: Math.round(area.x + handle.x), y: Math.round(area.y + handle.y) });
  const vertices = [screen(0.2, 0.75), onHandle(handles[0]!), screen(0.6, 0.15), onHandle(handles[1]!), screen(0.7, 0.8)];
  for (const vertex of vertices) await page.mouse.click(vertex.x, vertex.y);
  await page.keyboard.press("Enter");
  await expect(shapes.getByRole("listitem")).toHaveCount(2);
  await expect(shapes).toContainText("polygon, 5 points");
  await saveScreenshot(page, "polygon-over-box-handles");

  // The polygon konva draws, in image pixels: the five clicks where they were made.
  const points = await page.evaluate(() => {
    const stageNode = (window as unknown as { Konva: { stages: KonvaStage[] } }).Konva.stages[0]!;
    return stageNode.find(".shape").find((node) => node.getClassName() === "Line")!.points();
  });
  const imagePoint = (point: { x: number; y: number }) => [(point.x - area.x - view.x) / view.scale, (point.y - area.y - view.y) / view.scale];
  expect(within1px(points, vertices.flatMap(imagePoint)), JSON.stringify([points, vertices.map(imagePoint)])).toBe(true);
  // And the box under the handles kept its size: the clicks did not resize it.
  await expect(boxRow).toHaveText(box!);
});
