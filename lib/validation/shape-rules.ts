// The least a drawn shape must be to count as one, in original image pixels: a box at least 1 px wide
// and 1 px high; a polygon with at least 3 distinct points, not all on one line, whose outline neither
// crosses nor touches itself, enclosing at least 1 px². Anything less has no area to compare (IoU 0 with
// everything, itself included) and is nearly always a slip: a click without a drag, a double click, a
// vertex dragged across the outline.
//
// A self-crossing polygon is refused, not repaired. Its two possible repairs (split at the crossing into
// two polygons, or take its hull) give different areas and object counts, and which one the labeler meant
// cannot be told from the points; the labeler, told where the outline crosses, fixes it in seconds. A
// point repeated in place (the same point twice in a row, or the last point repeating the first) encloses
// nothing more and is kept as given.
export const MIN_BOX_SIDE_PX = 1;
export const MIN_POLYGON_AREA_PX2 = 1;

type Point = readonly [number, number];

/** Pixels as a person reads them: two decimals, or two significant digits below 0.01 (0.0001 stays 0.0001). */
function pixels(value: number): string {
  return String(Math.abs(value) >= 0.01 || value === 0 ? Number(value.toFixed(2)) : Number(value.toPrecision(2)));
}

/** What is wrong with a box and what to do, or null for a box of at least 1 × 1 px. */
export function boxProblem({ width, height }: { width: number; height: number }): string | null {
  if (width >= MIN_BOX_SIDE_PX && height >= MIN_BOX_SIDE_PX) return null;
  return `is ${pixels(width)} × ${pixels(height)} px; a box must be at least ${MIN_BOX_SIDE_PX} px wide and ${MIN_BOX_SIDE_PX} px high: draw it larger, or delete it`;
}

/** The area a simple polygon encloses (shoelace formula), in px². */
export function polygonArea(points: readonly Point[]): number {
  let twice = 0;
  points.forEach(([x, y], index) => {
    const [nextX, nextY] = points[(index + 1) % points.length]!;
    twice += x * nextY - nextX * y;
  });
  return Math.abs(twice) / 2;
}

const cross = (origin: Point, a: Point, b: Point) => (a[0] - origin[0]) * (b[1] - origin[1]) - (a[1] - origin[1]) * (b[0] - origin[0]);
const samePoint = (a: Point, b: Point) => a[0] === b[0] && a[1] === b[1];

/** Whether every point lies on the line through the first point and the point farthest from it (to rounding). */
function allOnOneLine(points: readonly Point[]): boolean {
  const origin = points[0]!;
  const distance = (point: Point) => Math.hypot(point[0] - origin[0], point[1] - origin[1]);
  const far = points.reduce((best, point) => (distance(point) > distance(best) ? point : best), origin);
  const length = distance(far);
  // A point off the line by a billionth of the polygon's length is on it: rounding, not a corner.
  return points.every((point) => Math.abs(cross(origin, far, point)) <= 1e-9 * length * length);
}

const sign = (value: number) => (value > 0 ? 1 : value < 0 ? -1 : 0);
/** Whether `point`, known to be on the line through a and b, lies between them. */
const withinSegment = (point: Point, a: Point, b: Point) =>
  Math.min(a[0], b[0]) <= point[0] && point[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= point[1] && point[1] <= Math.max(a[1], b[1]);

/** Where segments ab and cd meet (cross, touch or overlap), or null when they do not. */
function meeting(a: Point, b: Point, c: Point, d: Point): Point | null {
  const [ac, bc, ca, da] = [cross(c, d, a), cross(c, d, b), cross(a, b, c), cross(a, b, d)];
  if (sign(ac) * sign(bc) < 0 && sign(ca) * sign(da) < 0) {
    const along = ac / (ac - bc);
    return [a[0] + along * (b[0] - a[0]), a[1] + along * (b[1] - a[1])];
  }
  if (ac === 0 && withinSegment(a, c, d)) return a;
  if (bc === 0 && withinSegment(b, c, d)) return b;
  if (ca === 0 && withinSegment(c, a, b)) return c;
  if (da === 0 && withinSegment(d, a, b)) return d;
  return null;
}

export interface SelfCrossing {
  /** Two edges, each as the 0-based positions of its two points in the polygon as given. */
  edges: [[number, number], [number, number]];
  at: Point;
}

/**
 * Where a polygon's outline crosses or touches itself, or null when it is simple: two edges that are not
 * neighbours meet, or two neighbours fold back over each other. Edges are taken in order of their left
 * end and only those whose extents overlap are compared, so an outline traced around an object costs
 * about O(n log n) (10,000 points on a circle: under 10 ms); an outline with many long edges side by side
 * costs up to O(n²) (a comb of 10,000 points: about 0.2 s). Meant for at least 3 distinct points (see
 * polygonProblem); with fewer there are no two edges to compare and the answer is null.
 */
export function selfCrossing(points: readonly Point[]): SelfCrossing | null {
  // A point repeated in place makes an edge of length 0 that meets both neighbours: leave it out.
  const corners = points.flatMap((point, index) => (samePoint(point, points[(index + 1) % points.length]!) ? [] : [{ point, index }]));
  const count = corners.length;
  if (count < 3) return null;
  const edges = corners.map((corner, index) => {
    const next = corners[(index + 1) % count]!;
    const [a, b] = [corner.point, next.point];
    return { a, b, indexes: [corner.index, next.index] as [number, number], left: Math.min(a[0], b[0]), right: Math.max(a[0], b[0]), top: Math.min(a[1], b[1]), bottom: Math.max(a[1], b[1]) };
  });
  const byLeft = edges.map((_, index) => index).sort((first, second) => edges[first]!.left - edges[second]!.left);
  for (let position = 0; position < count; position++) {
    const first = byLeft[position]!;
    const edge = edges[first]!;
    for (let candidate = position + 1; candidate < count && edges[byLeft[candidate]!]!.left <= edge.right; candidate++) {
      const second = byLeft[candidate]!;
      const other = edges[second]!;
      if (other.top > edge.bottom || other.bottom < edge.top) continue;
      const gap = Math.abs(first - second);
      const at = gap === 1 || gap === count - 1 ? foldBack(first, second, count, edges) : meeting(edge.a, edge.b, other.a, other.b);
      if (at) return { edges: first < second ? [edge.indexes, other.indexes] : [other.indexes, edge.indexes], at };
    }
  }
  return null;
}

/** Neighbouring edges share a point; they meet elsewhere only when the outline turns straight back. */
function foldBack(first: number, second: number, count: number, edges: { a: Point; b: Point }[]): Point | null {
  const [incoming, outgoing] = (first + 1) % count === second ? [edges[first]!, edges[second]!] : [edges[second]!, edges[first]!];
  const [before, corner, after] = [incoming.a, incoming.b, outgoing.b];
  if (cross(before, corner, after) !== 0) return null;
  const turnsBack = (corner[0] - before[0]) * (after[0] - corner[0]) + (corner[1] - before[1]) * (after[1] - corner[1]) < 0;
  if (!turnsBack) return null;
  // The nearer of the two far ends lies on the other edge.
  return Math.hypot(after[0] - corner[0], after[1] - corner[1]) <= Math.hypot(before[0] - corner[0], before[1] - corner[1]) ? after : before;
}

export function distinctPointCount(points: readonly Point[]): number {
  return new Set(points.map(([x, y]) => `${x},${y}`)).size;
}

/** What is wrong with a polygon and what to do, or null when it is a simple polygon of at least 1 px². */
export function polygonProblem(points: readonly Point[]): string | null {
  const distinct = distinctPointCount(points);
  if (distinct < 3) return `has ${distinct} distinct point${distinct === 1 ? "" : "s"}; a polygon needs at least 3: add points, or delete it`;
  if (allOnOneLine(points)) return "has all its points on one line, so it encloses no area: move a point off the line, or delete it";
  const crossing = selfCrossing(points);
  if (crossing) {
    const [[a, b], [c, d]] = crossing.edges;
    const where = `(${pixels(crossing.at[0])}, ${pixels(crossing.at[1])})`;
    return `crosses itself at ${where}, where edges ${a + 1}–${b + 1} and ${c + 1}–${d + 1} meet: move a point so that the outline neither crosses nor touches itself, or draw two polygons`;
  }
  const area = polygonArea(points);
  if (area < MIN_POLYGON_AREA_PX2) return `encloses ${pixels(area)} px²; a polygon must enclose at least ${MIN_POLYGON_AREA_PX2} px²: draw it larger, or delete it`;
  return null;
}
