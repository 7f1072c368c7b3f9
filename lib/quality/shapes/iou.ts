// Intersection over union (the Jaccard index of two regions): |A ∩ B| / |A ∪ B|.
//
// Conventions, shared by every function here:
// - Coordinates are continuous: a box covers [x, x + width] × [y, y + height], so its area is
//   width × height. This is the COCO / torchvision convention, not the old PASCAL VOC "+1 pixel" one.
// - A zero-area shape (a box of width or height 0, a polygon whose points are collinear) covers no area,
//   so its IoU with anything, itself included, is 0 rather than 0/0. Shapes that only touch along an
//   edge or at a corner have IoU 0 too.
// - Polygons are clipped with polyclip-ts (Martínez–Rueda–Feito sweep line). A self-crossing ring is
//   read with the non-zero winding rule, as polyclip-ts documents: a bow-tie covers both of its lobes, a
//   pentagram drawn in one stroke covers its centre. Each polygon is first normalised (its union with
//   nothing: crossings resolved, holes explicit), and both its area and the intersection are computed
//   from that region, so numerator and denominator describe the same regions. (The shoelace formula on
//   the raw points would disagree for such rings: it gives a bow-tie the area 0.)
import { intersection, setPrecision, union } from "polyclip-ts";
import { assertValidShape, type BoxShape, type PolygonShape, type Shape } from "./types";

type Ring = [number, number][];
type Polygon = Ring[];
type MultiPolygon = Polygon[];

/**
 * IoU of two axis-aligned rectangles given by their corners (x1 <= x2, y1 <= y2), closed form.
 * Exactly symmetric, 1 for identical positive-area rectangles, always in [0, 1]. O(1), no allocation.
 */
export function rectangleIoU(ax1: number, ay1: number, ax2: number, ay2: number, bx1: number, by1: number, bx2: number, by2: number): number {
  const overlapWidth = Math.min(ax2, bx2) - Math.max(ax1, bx1);
  const overlapHeight = Math.min(ay2, by2) - Math.max(ay1, by1);
  // A positive overlap implies both rectangles have positive area, so the union below is never 0.
  if (overlapWidth <= 0 || overlapHeight <= 0) return 0;
  const intersectionArea = overlapWidth * overlapHeight;
  // Areas from the corners, not from width × height: x + width - x is not always width in floating
  // point, and using the same differences as the overlap keeps IoU(a, a) exactly 1 and IoU <= 1.
  const unionArea = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - intersectionArea;
  return intersectionArea / unionArea;
}

/**
 * IoU of two boxes, closed form: the overlap rectangle's area over (area A + area B − overlap).
 * Source: the standard definition, as in torchvision.ops.box_iou and pycocotools (common/maskApi.c,
 * bbIou: x, y, width, height, continuous coordinates, 0 when the overlap's width or height is <= 0,
 * which is also what makes zero-area boxes give 0 here). Throws on malformed boxes. O(1).
 */
export function boxIoU(a: BoxShape, b: BoxShape): number {
  assertValidShape(a, "first box", "bbox");
  assertValidShape(b, "second box", "bbox");
  return rectangleIoU(a.x, a.y, a.x + a.width, a.y + a.height, b.x, b.y, b.x + b.width, b.y + b.height);
}

/**
 * Exact IoU of two polygons: area(A ∩ B) / area(A ∪ B), with the intersection clipped by polyclip-ts
 * and each polygon's area taken from its polyclip-ts normalisation (non-zero rule for self-crossing
 * rings, see the top of this file). Results agree with {@link boxIoU} for rectangles up to rounding.
 * Throws on malformed polygons. O((n + k) log n) for n vertices in total and k edge crossings.
 */
export function polygonIoU(a: PolygonShape, b: PolygonShape): number {
  return preparedIoU(prepareShapes([a], () => "first polygon", "polygon"), 0, prepareShapes([b], () => "second polygon", "polygon"), 0);
}

/**
 * IoU of any two shapes: the closed form for two boxes, otherwise the polygon computation with a box
 * turned into its four-corner polygon ({@link boxToPolygon}). Throws on malformed shapes.
 */
export function shapeIoU(a: Shape, b: Shape): number {
  return preparedIoU(prepareShapes([a], () => "first shape"), 0, prepareShapes([b], () => "second shape"), 0);
}

/** The box as a polygon with the same region: its corners clockwise on screen from the top-left. O(1). */
export function boxToPolygon(box: BoxShape): PolygonShape {
  assertValidShape(box, "box", "bbox");
  const points = rectangleRing(box.x, box.y, box.x + box.width, box.y + box.height);
  return { task: box.task, type: "polygon", label: box.label, points, ...(box.uncertain === undefined ? {} : { uncertain: box.uncertain }) };
}

/**
 * One labeler's shapes, validated once and laid out for many IoU evaluations: the matching and
 * consensus code compares every shape with many others, and boxes then never leave typed arrays.
 */
export interface PreparedShapes {
  readonly shapes: readonly Shape[];
  /** Axis-aligned bounds, four numbers per shape: x1, y1, x2, y2. For a box these are the box. */
  readonly bounds: Float64Array;
  /** Area of each shape's region (for a polygon, after polyclip-ts normalisation). */
  readonly areas: Float64Array;
  /** Each polygon's normalised region; null for boxes, which use the closed form. */
  readonly regions: readonly (MultiPolygon | null)[];
  readonly allBoxes: boolean;
}

/**
 * Validates the shapes (throwing with `describe(index)` in the message, and on a shape of another type
 * than `expectedType` when given) and prepares them. O(n) for boxes; one polyclip-ts union per polygon.
 */
export function prepareShapes(shapes: readonly Shape[], describe: (index: number) => string, expectedType?: Shape["type"]): PreparedShapes {
  const bounds = new Float64Array(4 * shapes.length);
  const areas = new Float64Array(shapes.length);
  const regions: (MultiPolygon | null)[] = [];
  shapes.forEach((shape, index) => {
    assertValidShape(shape, describe(index), expectedType);
    if (shape.type === "bbox") {
      const x2 = shape.x + shape.width;
      const y2 = shape.y + shape.height;
      bounds[4 * index] = shape.x;
      bounds[4 * index + 1] = shape.y;
      bounds[4 * index + 2] = x2;
      bounds[4 * index + 3] = y2;
      // From the corners, as rectangleIoU does, so a box has one area whichever path measures it.
      areas[index] = (x2 - shape.x) * (y2 - shape.y);
      regions.push(null);
      return;
    }
    const ring: Ring = shape.points.map(([x, y]) => [x, y]);
    const xs = ring.map(([x]) => x);
    const ys = ring.map(([, y]) => y);
    bounds.set([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], 4 * index);
    // The union of a polygon with nothing is its normalised region: crossings resolved, collinear
    // or repeated points dropped, empty when nothing is enclosed.
    const region = clip(() => union([ring]), bounds.subarray(4 * index, 4 * index + 4));
    areas[index] = multiPolygonArea(region);
    regions.push(region);
  });
  return { shapes, bounds, areas, regions, allBoxes: regions.every((region) => region === null) };
}

/** IoU of shape `i` of `a` and shape `j` of `b`. O(1) for two boxes, at most one polyclip-ts intersection otherwise. */
export function preparedIoU(a: PreparedShapes, i: number, b: PreparedShapes, j: number): number {
  const ab = a.bounds;
  const bb = b.bounds;
  const regionA = a.regions[i] ?? null;
  const regionB = b.regions[j] ?? null;
  const boundsIoU = rectangleIoU(ab[4 * i]!, ab[4 * i + 1]!, ab[4 * i + 2]!, ab[4 * i + 3]!, bb[4 * j]!, bb[4 * j + 1]!, bb[4 * j + 2]!, bb[4 * j + 3]!);
  if (regionA === null && regionB === null) return boundsIoU;
  // Disjoint bounds mean disjoint shapes, and a shape without area overlaps nothing: skip the costly,
  // arbitrary-precision clipping.
  if (boundsIoU === 0 || a.areas[i] === 0 || b.areas[j] === 0) return 0;
  const clippedA = regionA ?? [boundsPolygon(ab, i)];
  const clippedB = regionB ?? [boundsPolygon(bb, j)];
  const extent = new Float64Array([ab[4 * i]!, ab[4 * i + 1]!, ab[4 * i + 2]!, ab[4 * i + 3]!, bb[4 * j]!, bb[4 * j + 1]!, bb[4 * j + 2]!, bb[4 * j + 3]!]);
  const overlap = multiPolygonArea(clip(() => intersection(clippedA, clippedB), extent));
  if (overlap <= 0) return 0;
  const unionArea = a.areas[i]! + b.areas[j]! - overlap;
  // Clipped areas are rounded independently of the shapes' own areas; keep the result in [0, 1].
  return Math.min(1, overlap / unionArea);
}

/**
 * Writes the IoU of every pair into `out`, row-major: out[i * b.shapes.length + j] = IoU(a_i, b_j).
 * Two box-only sets take a tight loop over typed arrays with no allocation. O(|a| · |b|) IoUs.
 */
export function fillIoUMatrix(a: PreparedShapes, b: PreparedShapes, out: Float64Array): void {
  const rows = a.shapes.length;
  const columns = b.shapes.length;
  if (!(a.allBoxes && b.allBoxes)) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) out[i * columns + j] = preparedIoU(a, i, b, j);
    return;
  }
  const ab = a.bounds;
  const bb = b.bounds;
  for (let i = 0; i < rows; i++) {
    const ax1 = ab[4 * i]!;
    const ay1 = ab[4 * i + 1]!;
    const ax2 = ab[4 * i + 2]!;
    const ay2 = ab[4 * i + 3]!;
    for (let j = 0; j < columns; j++) {
      out[i * columns + j] = rectangleIoU(ax1, ay1, ax2, ay2, bb[4 * j]!, bb[4 * j + 1]!, bb[4 * j + 2]!, bb[4 * j + 3]!);
    }
  }
}

/**
 * Runs a polyclip-ts operation. In its default exact mode polyclip-ts sometimes fails on valid input
 * with "Unable to complete output ring" (luizbarboza/polyclip-ts#5; the same in polygon-clipping, which
 * it ports: mfogel/polygon-clipping#91, #139), mostly around self-crossing rings: about 1 pair in 700
 * random self-crossing quadrilaterals on an integer grid. Every such failure we generated succeeded
 * with a comparison tolerance of 1e-12 × the largest coordinate involved (`extent` holds the shapes'
 * bounds), far below a pixel, so the operation is retried once with it. The tolerance is module state
 * in polyclip-ts: it is set and restored around the synchronous retry, so no other call sees it.
 * A second failure is thrown, as a one-line Error.
 */
function clip(operation: () => MultiPolygon, extent: Float64Array): MultiPolygon {
  try {
    return operation();
  } catch {
    const magnitude = extent.reduce((largest, value) => Math.max(largest, Math.abs(value)), 1);
    setPrecision(1e-12 * magnitude);
    try {
      return operation();
    } catch (error) {
      throw new Error(`polygon clipping failed (polyclip-ts), even with a tolerance: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setPrecision();
    }
  }
}

function rectangleRing(x1: number, y1: number, x2: number, y2: number): Ring {
  return [
    [x1, y1],
    [x2, y1],
    [x2, y2],
    [x1, y2],
  ];
}

function boundsPolygon(bounds: Float64Array, index: number): Polygon {
  return [rectangleRing(bounds[4 * index]!, bounds[4 * index + 1]!, bounds[4 * index + 2]!, bounds[4 * index + 3]!)];
}

/** Shoelace area of a ring, unsigned; works whether or not the ring repeats its first point. */
function ringArea(ring: Ring): number {
  if (ring.length === 0) return 0;
  // Measured from the first vertex rather than the image origin: the terms then scale with the ring's
  // size instead of its distance from (0, 0), so a small shape far from the origin keeps its digits.
  const [x0, y0] = ring[0]!;
  let twiceSignedArea = 0;
  for (let k = 1; k + 1 < ring.length; k++) {
    const [x1, y1] = ring[k]!;
    const [x2, y2] = ring[k + 1]!;
    twiceSignedArea += (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
  }
  return Math.abs(twiceSignedArea) / 2;
}

/** Area of polyclip-ts output: each polygon's outer ring minus its holes (rings never overlap there). */
function multiPolygonArea(multiPolygon: MultiPolygon): number {
  let area = 0;
  for (const [outer, ...holes] of multiPolygon) {
    if (outer === undefined) continue;
    area += ringArea(outer);
    for (const hole of holes) area -= ringArea(hole);
  }
  return area;
}
