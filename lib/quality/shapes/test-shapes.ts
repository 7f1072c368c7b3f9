// Shape builders and fast-check arbitraries shared by the tests of this folder.
import fc from "fast-check";
import type { BoxShape, PolygonShape } from "./types";

/** A box from its corners, as torchvision writes boxes (x1, y1, x2, y2). */
export function corners(x1: number, y1: number, x2: number, y2: number, label = "thing"): BoxShape {
  return { task: "boxes", type: "bbox", label, x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** A box of height 10 on the x axis from x1 to x2: its IoU with another such box is the 1-D interval IoU. */
export function span(x1: number, x2: number, label = "thing"): BoxShape {
  return corners(x1, 0, x2, 10, label);
}

export function polygon(points: [number, number][], label = "thing"): PolygonShape {
  return { task: "outline", type: "polygon", label, points };
}

/**
 * Boxes on a small integer grid, so that overlaps, ties and IoUs exactly at 0.5 are frequent.
 * Sizes start at 1: every box has positive area.
 */
export const gridBox = fc
  .record({ x: fc.integer({ min: 0, max: 12 }), y: fc.integer({ min: 0, max: 12 }), width: fc.integer({ min: 1, max: 8 }), height: fc.integer({ min: 1, max: 8 }), label: fc.constantFrom("car", "bus") })
  .map(({ x, y, width, height, label }): BoxShape => ({ task: "boxes", type: "bbox", label, x, y, width, height }));

/** Pixel coordinates to a thousandth of a pixel: real-valued, mostly inexact in binary, never denormal. */
const pixels = (min: number, max: number) => fc.integer({ min: min * 1000, max: max * 1000 }).map((thousandths) => thousandths / 1000);

/** Boxes anywhere in a 2000-pixel frame; width and height may be 0. */
export const anyBox = fc
  .record({ x: pixels(-1000, 1000), y: pixels(-1000, 1000), width: pixels(0, 500), height: pixels(0, 500) })
  .map(({ x, y, width, height }): BoxShape => ({ task: "boxes", type: "bbox", label: "thing", x, y, width, height }));
