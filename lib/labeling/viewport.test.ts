import { describe, expect, it } from "vitest";
import { fitView, MAX_SCALE, panBy, toImage, toScreen, zoomAround } from "./viewport";

describe("image view", () => {
  it("fits a landscape image to the stage's width and centres it vertically", () => {
    const view = fitView({ width: 6000, height: 4000 }, { width: 1232, height: 1000 });
    expect(view.scale).toBeCloseTo(0.2, 10);
    expect(view.x).toBeCloseTo(16, 10);
    expect(view.y).toBeCloseTo(100, 10);
  });

  it("keeps the image pixel under the cursor in place while zooming", () => {
    const view = { x: 30, y: -12, scale: 0.5 };
    const cursor = { x: 412, y: 233 };
    const before = toImage(view, cursor);
    const zoomed = zoomAround(view, cursor, 1.25);
    expect(zoomed.scale).toBe(0.625);
    const after = toImage(zoomed, cursor);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
  });

  it("does not zoom past its limit", () => {
    expect(zoomAround({ x: 0, y: 0, scale: 30 }, { x: 0, y: 0 }, 4).scale).toBe(MAX_SCALE);
  });

  it("converts between screen and image pixels both ways after a pan", () => {
    const view = panBy({ x: 10, y: 20, scale: 2 }, 5, -5);
    expect(toScreen(view, toImage(view, { x: 101, y: 57 }))).toEqual({ x: 101, y: 57 });
    expect(toImage(view, { x: 15, y: 15 })).toEqual({ x: 0, y: 0 });
  });
});
