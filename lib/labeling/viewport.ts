// The image workspace's view: how original image pixels map to screen pixels. Shapes are always kept
// in image pixels; only this transform changes with zoom and pan.

export interface Point {
  x: number;
  y: number;
}

/** Screen position of image pixel (0, 0) and screen pixels per image pixel. */
export interface View {
  x: number;
  y: number;
  scale: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 40;
const FIT_MARGIN = 16;

/** The whole image centred in the stage, as large as fits with a small margin. */
export function fitView(image: Size, stage: Size): View {
  const scale = clampScale(Math.min((stage.width - 2 * FIT_MARGIN) / image.width, (stage.height - 2 * FIT_MARGIN) / image.height));
  return { scale, x: (stage.width - image.width * scale) / 2, y: (stage.height - image.height * scale) / 2 };
}

function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/** Zooms by `factor` keeping the image pixel under `anchor` (a screen point) where it is. */
export function zoomAround(view: View, anchor: Point, factor: number): View {
  const scale = clampScale(view.scale * factor);
  const imagePoint = toImage(view, anchor);
  return { scale, x: anchor.x - imagePoint.x * scale, y: anchor.y - imagePoint.y * scale };
}

export function panBy(view: View, dx: number, dy: number): View {
  return { ...view, x: view.x + dx, y: view.y + dy };
}

export function toImage(view: View, screen: Point): Point {
  return { x: (screen.x - view.x) / view.scale, y: (screen.y - view.y) / view.scale };
}

export function toScreen(view: View, image: Point): Point {
  return { x: view.x + image.x * view.scale, y: view.y + image.y * view.scale };
}
