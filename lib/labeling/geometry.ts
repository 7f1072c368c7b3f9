// Editing operations on shapes and segments, in original image pixels and seconds. Results are
// rounded (0.01 px, 1 ms) and kept inside the image or clip, so what is stored always validates.
import { boxProblem, distinctPointCount, MIN_BOX_SIDE_PX } from "@/lib/validation/shape-rules";
import type { Point, Size } from "./viewport";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Polygon = [number, number][];

const round = (value: number, step: number) => Math.round(value / step) * step;
const px = (value: number) => Number(round(value, 0.01).toFixed(2));
const seconds = (value: number) => Number(round(value, 0.001).toFixed(3));
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

export function clampPoint(point: Point, image: Size): Point {
  return { x: px(clamp(point.x, 0, image.width)), y: px(clamp(point.y, 0, image.height)) };
}

/** The box spanned by two corners dragged in any direction, cut to the image. */
export function boxFromCorners(a: Point, b: Point, image: Size): Box {
  const p = clampPoint(a, image);
  const q = clampPoint(b, image);
  return { x: Math.min(p.x, q.x), y: Math.min(p.y, q.y), width: px(Math.abs(q.x - p.x)), height: px(Math.abs(q.y - p.y)) };
}

// A drag shorter than this on screen is a click, not a box.
const MIN_DRAG_SCREEN_PX = 3;

/** Whether a dragged-out box is one: a drag on screen, not a click, and big enough to submit (shape-rules.ts). */
export function isDrawnBox(box: Box, scale: number): boolean {
  return Math.min(box.width, box.height) * scale >= MIN_DRAG_SCREEN_PX && boxProblem(box) === null;
}

/** The least side, in screen pixels at this zoom, a box may be resized to. */
export function minBoxScreenPx(scale: number): number {
  return Math.max(MIN_DRAG_SCREEN_PX, MIN_BOX_SIDE_PX * scale);
}

/** A moved or resized box brought back inside the image: moved if it fits, else cut. */
export function clampBox(box: Box, image: Size): Box {
  const width = Math.min(Math.abs(box.width), image.width);
  const height = Math.min(Math.abs(box.height), image.height);
  const left = box.width < 0 ? box.x + box.width : box.x;
  const top = box.height < 0 ? box.y + box.height : box.y;
  return { x: px(clamp(left, 0, image.width - width)), y: px(clamp(top, 0, image.height - height)), width: px(width), height: px(height) };
}

/** A polygon moved by (dx, dy), the move shortened so no vertex leaves the image. */
export function movePolygon(points: Polygon, dx: number, dy: number, image: Size): Polygon {
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const allowedDx = clamp(dx, -Math.min(...xs), image.width - Math.max(...xs));
  const allowedDy = clamp(dy, -Math.min(...ys), image.height - Math.max(...ys));
  return points.map(([x, y]) => [px(x + allowedDx), px(y + allowedDy)]);
}

function projectOnSegment(p: Point, a: Point, b: Point): { point: Point; distance: number } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared, 0, 1);
  const point = { x: a.x + t * dx, y: a.y + t * dy };
  return { point, distance: Math.hypot(p.x - point.x, p.y - point.y) };
}

/** Whether a polygon being drawn may close: it needs 3 distinct points (clicks in one place are one point). */
export function canClosePolygon(points: readonly Point[]): boolean {
  return distinctPointCount(points.map((point) => [point.x, point.y])) >= 3;
}

/** Inserts a vertex on the edge nearest to `near` (closing edge included); returns the new vertex's index. */
export function insertVertex(points: Polygon, near: Point): { points: Polygon; index: number } {
  let best = { edge: 0, point: near, distance: Infinity };
  points.forEach(([x, y], index) => {
    const [nx, ny] = points[(index + 1) % points.length]!;
    const projected = projectOnSegment(near, { x, y }, { x: nx, y: ny });
    if (projected.distance < best.distance) best = { edge: index, ...projected };
  });
  const index = best.edge + 1;
  const vertex: [number, number] = [px(best.point.x), px(best.point.y)];
  return { points: [...points.slice(0, index), vertex, ...points.slice(index)], index };
}

/** The polygon without vertex `index`, or null when that would leave fewer than three. */
export function removeVertex(points: Polygon, index: number): Polygon | null {
  return points.length <= 3 ? null : points.filter((_, position) => position !== index);
}

type Drawn = { type: "bbox"; x: number; y: number; width: number; height: number } | { type: "polygon"; points: Polygon } | { type: string };

/**
 * Whether `point` is inside the polygon by the non-zero winding rule: as the canvas fills it by default, and as
 * agreement reads a self-crossing ring (lib/quality/shapes/iou.ts), so a pentagram's filled centre counts.
 */
function insidePolygon(point: Point, points: Polygon): boolean {
  let winding = 0;
  points.forEach(([x, y], index) => {
    const [nx, ny] = points[(index + 1) % points.length]!;
    // Where the point lies against the edge: left of it (> 0) or right (< 0), looking from its start to its end.
    const side = (nx - x) * (point.y - y) - (point.x - x) * (ny - y);
    if (y <= point.y && ny > point.y && side > 0) winding++;
    else if (y > point.y && ny <= point.y && side < 0) winding--;
  });
  return winding !== 0;
}

/**
 * The topmost (last drawn) box or polygon under `point`: inside it, or within `tolerance` of its outline,
 * which is drawn a few screen pixels wide. Null when there is none.
 */
export function shapeAt(entries: readonly Drawn[], point: Point, tolerance: number): number | null {
  for (let index = entries.length - 1; index >= 0; index--) {
    const entry = entries[index]!;
    if ("width" in entry) {
      const { x, y, width, height } = entry;
      if (point.x >= x - tolerance && point.x <= x + width + tolerance && point.y >= y - tolerance && point.y <= y + height + tolerance) return index;
    } else if ("points" in entry && entry.points.length) {
      const { points } = entry;
      if (insidePolygon(point, points)) return index;
      const nearEdge = points.some(([x, y], vertex) => {
        const [nx, ny] = points[(vertex + 1) % points.length]!;
        return projectOnSegment(point, { x, y }, { x: nx, y: ny }).distance <= tolerance;
      });
      if (nearEdge) return index;
    }
  }
  return null;
}

/** A segment between two times in either order, inside the clip, to the millisecond. */
export function segmentBetween(a: number, b: number, duration: number): { start: number; end: number } {
  const start = seconds(clamp(Math.min(a, b), 0, duration));
  const end = seconds(clamp(Math.max(a, b), 0, duration));
  return { start, end };
}
