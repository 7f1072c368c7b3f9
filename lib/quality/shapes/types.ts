// Shape annotations as Concord stores them (lib/validation/annotation.ts is the normative schema):
// original-image pixels, origin at the top-left corner, x to the right, y down. The types are declared
// here rather than imported from the zod schema so that lib/quality stays free of runtime dependencies.

/** An axis-aligned box: its top-left corner (x, y) and its size. */
export type BoxShape = {
  readonly task: string;
  readonly type: "bbox";
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly uncertain?: boolean;
};

/** A closed polygon given by its vertices (the closing edge back to the first point is implied). */
export type PolygonShape = {
  readonly task: string;
  readonly type: "polygon";
  readonly label: string;
  readonly points: readonly (readonly [number, number])[];
  readonly uncertain?: boolean;
};

export type Shape = BoxShape | PolygonShape;

/**
 * One item's shapes, by labeler id. A labeler listed with no shapes saw the item and drew nothing: that
 * counts as an answer (it lowers support for other labelers' shapes and matches nothing).
 */
export type ShapesByLabeler<S extends Shape = Shape> = ReadonlyMap<string, readonly S[]>;

/**
 * Throws a one-line Error when a shape cannot be measured: an unknown type, a non-finite number, a
 * negative width or height, or a polygon with fewer than 3 points. Zero-area shapes are valid (they
 * have IoU 0 with everything, see iou.ts). `where` names the shape in the message, e.g. `shape 2 of "ann"`;
 * `expectedType`, when given, refuses the other kind of shape.
 */
export function assertValidShape(shape: Shape, where: string, expectedType?: Shape["type"]): void {
  // Input usually comes from JSON, so the declared type is checked too.
  if (typeof shape !== "object" || shape === null) throw new Error(`${where}: expected a shape object, got ${String(shape)}`);
  const type: unknown = (shape as { type?: unknown }).type;
  if (expectedType !== undefined && type !== expectedType) throw new Error(`${where}: type is ${JSON.stringify(type)}, expected "${expectedType}"`);
  if (type === "bbox") {
    const box = shape as BoxShape;
    for (const key of ["x", "y", "width", "height"] as const) {
      if (!Number.isFinite(box[key])) throw new Error(`${where}: ${key} is ${String(box[key])}, expected a finite number`);
    }
    if (box.width < 0 || box.height < 0) throw new Error(`${where}: width and height must not be negative (got ${box.width} × ${box.height})`);
    return;
  }
  if (type === "polygon") {
    const { points } = shape as PolygonShape;
    if (!Array.isArray(points) || points.length < 3) {
      throw new Error(`${where}: a polygon needs at least 3 points (got ${Array.isArray(points) ? points.length : String(points)})`);
    }
    points.forEach((point, index) => {
      if (!Array.isArray(point) || point.length !== 2 || !Number.isFinite(point[0]) || !Number.isFinite(point[1])) {
        const shown = Array.isArray(point) ? `[${point.join(", ")}]` : String(point);
        throw new Error(`${where}: point ${index} is ${shown}, expected [x, y] with finite numbers`);
      }
    });
    return;
  }
  throw new Error(`${where}: type is ${JSON.stringify(type)}, expected "bbox" or "polygon"`);
}
