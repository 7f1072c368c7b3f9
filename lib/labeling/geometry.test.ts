import { describe, expect, it } from "vitest";
import { boxFromCorners, canClosePolygon, clampBox, insertVertex, isDrawnBox, minBoxScreenPx, movePolygon, removeVertex, segmentBetween, shapeAt, type Polygon } from "./geometry";

const image = { width: 400, height: 300 };

describe("boxes", () => {
  it("spans two corners dragged up and to the left, cut at the image edge", () => {
    expect(boxFromCorners({ x: 120.456, y: 80 }, { x: -15, y: 20.004 }, image)).toEqual({ x: 0, y: 20, width: 120.46, height: 60 });
  });

  it("moves a box pushed past the right edge back inside without shrinking it", () => {
    expect(clampBox({ x: 380, y: 10, width: 50, height: 20 }, image)).toEqual({ x: 350, y: 10, width: 50, height: 20 });
  });

  it("turns a box flipped by a resize handle into a positive one", () => {
    expect(clampBox({ x: 100, y: 100, width: -40, height: -10 }, image)).toEqual({ x: 60, y: 90, width: 40, height: 10 });
  });

  it("makes no box of a click, a twitch on screen, or a drag under 1 image pixel however far zoomed in", () => {
    const box = (width: number, height: number) => ({ x: 10, y: 10, width, height });
    expect(isDrawnBox(box(0, 0), 1)).toBe(false);
    expect(isDrawnBox(box(2, 40), 1)).toBe(false);
    // At 10× a 5-pixel drag on screen is half an image pixel.
    expect(isDrawnBox(box(0.5, 40), 10)).toBe(false);
    expect(isDrawnBox(box(1, 300), 10)).toBe(true);
    expect(isDrawnBox(box(3, 3), 1)).toBe(true);
  });

  it("resizes a box no smaller than 3 screen pixels nor 1 image pixel", () => {
    expect(minBoxScreenPx(0.5)).toBe(3);
    expect(minBoxScreenPx(12)).toBe(12);
  });
});

describe("polygons", () => {
  it("close only with 3 distinct points: clicks in one place are one point", () => {
    const at = (x: number, y: number) => ({ x, y });
    expect(canClosePolygon([at(5, 5), at(5, 5), at(5, 5)])).toBe(false);
    expect(canClosePolygon([at(5, 5), at(9, 5), at(5, 5)])).toBe(false);
    expect(canClosePolygon([at(5, 5), at(9, 5), at(5, 9)])).toBe(true);
  });

  const triangle: Polygon = [
    [10, 10],
    [110, 10],
    [60, 90],
  ];

  it("shortens a move so that no vertex leaves the image", () => {
    expect(movePolygon(triangle, -50, 500, image)).toEqual([
      [0, 220],
      [100, 220],
      [50, 300],
    ]);
  });

  it("inserts a vertex on the nearest edge, including the closing edge", () => {
    expect(insertVertex(triangle, { x: 60, y: 4 })).toEqual({
      points: [
        [10, 10],
        [60, 10],
        [110, 10],
        [60, 90],
      ],
      index: 1,
    });
    // Nearest to the edge from (60, 90) back to (10, 10): the new vertex goes last.
    expect(insertVertex(triangle, { x: 30, y: 45 }).index).toBe(3);
  });

  it("keeps at least three vertices", () => {
    expect(removeVertex(triangle, 0)).toBeNull();
    expect(removeVertex([...triangle, [5, 50]], 1)).toEqual([
      [10, 10],
      [60, 90],
      [5, 50],
    ]);
  });
});

describe("the shape under the pointer", () => {
  const box = { type: "bbox", x: 10, y: 10, width: 100, height: 50 };
  // A concave "L": its notch is outside although inside the bounding box.
  const ell = { type: "polygon", points: [[200, 0], [300, 0], [300, 40], [240, 40], [240, 100], [200, 100]] as Polygon };

  it("finds a box from inside and within the tolerance of its outline, not beyond", () => {
    expect(shapeAt([box], { x: 60, y: 30 }, 2)).toBe(0);
    expect(shapeAt([box], { x: 8.5, y: 30 }, 2)).toBe(0);
    expect(shapeAt([box], { x: 7.5, y: 30 }, 2)).toBeNull();
  });

  it("finds a polygon from inside and near an edge, and not in a concave notch", () => {
    expect(shapeAt([ell], { x: 220, y: 80 }, 2)).toBe(0);
    expect(shapeAt([ell], { x: 270, y: 41.5 }, 2)).toBe(0);
    expect(shapeAt([ell], { x: 270, y: 70 }, 2)).toBeNull();
  });

  it("finds a self-crossing pentagram from its centre, which the canvas fills (non-zero rule), and from a tip", () => {
    const star = [0, 1, 2, 3, 4].map((k) => {
      const angle = ((-90 + 144 * k) * Math.PI) / 180;
      return [100 + 100 * Math.cos(angle), 100 + 100 * Math.sin(angle)] as [number, number];
    });
    expect(shapeAt([{ type: "polygon", points: star }], { x: 100, y: 100 }, 2)).toBe(0);
    expect(shapeAt([{ type: "polygon", points: star }], { x: 100, y: 10 }, 2)).toBe(0);
    expect(shapeAt([{ type: "polygon", points: star }], { x: 30, y: 30 }, 2)).toBeNull();
  });

  it("prefers the one drawn last where shapes overlap, and skips entries that are not drawn", () => {
    const inner = { type: "bbox", x: 40, y: 20, width: 10, height: 10 };
    const classification = { type: "classification" };
    expect(shapeAt([box, inner, classification], { x: 45, y: 25 }, 2)).toBe(1);
    expect(shapeAt([inner, box], { x: 45, y: 25 }, 2)).toBe(1);
    expect(shapeAt([box, classification], { x: 500, y: 500 }, 2)).toBeNull();
  });
});

describe("segments", () => {
  it("orders the ends of a segment dragged backwards and keeps it inside the clip, to the millisecond", () => {
    expect(segmentBetween(7.12345, -1, 5)).toEqual({ start: 0, end: 5 });
    expect(segmentBetween(2.0004, 1.23456, 5)).toEqual({ start: 1.235, end: 2 });
  });
});
