// Big images: a screen-sized rendition shown at once, and a Deep Zoom pyramid (as map viewers and CVAT do) whose
// tiles are loaded only where the labeler zooms in past the rendition's resolution. Shapes stay in original pixels:
// the tiles are placed in those coordinates too.
import type { Size, View } from "./viewport";

/** Images longer than this on either side get a rendition and tiles at import. */
export const BIG_IMAGE_SIDE = 2560;
/** The rendition's long side. */
export const RENDITION_SIDE = 2048;
export const TILE_SIZE = 512;

export const isBigImage = (width: number | null, height: number | null) => Math.max(width ?? 0, height ?? 0) > BIG_IMAGE_SIDE;

/** A Deep Zoom descriptor (.dzi): tile size, overlap, tile format, and the full image's size. */
export interface DeepZoom {
  tileSize: number;
  overlap: number;
  format: string;
  width: number;
  height: number;
}

/** Reads a .dzi document; null when it is not one. */
export function parseDzi(xml: string): DeepZoom | null {
  const number = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(xml)?.[1] ?? NaN);
  const format = /\bFormat="([a-z]+)"/.exec(xml)?.[1];
  const dzi = { tileSize: number("TileSize"), overlap: number("Overlap"), format: format ?? "", width: number("Width"), height: number("Height") };
  return format && [dzi.tileSize, dzi.overlap, dzi.width, dzi.height].every(Number.isInteger) && dzi.tileSize > 0 ? dzi : null;
}

/** The highest level: the full resolution (level 0 is one pixel). */
export const maxLevel = ({ width, height }: Size) => Math.ceil(Math.log2(Math.max(width, height)));

/** The size of a level's image. */
export function levelSize(dzi: DeepZoom, level: number): Size {
  const factor = 2 ** (maxLevel(dzi) - level);
  return { width: Math.ceil(dzi.width / factor), height: Math.ceil(dzi.height / factor) };
}

/** One tile, placed in original image pixels. */
export interface PlacedTile {
  /** `level/col_row.format`, the tile's path under the pyramid. */
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The tiles the view needs: none while the rendition is sharp enough (`renditionWidth` pixels across, for a screen
 * of `pixelRatio`), else those of the smallest level at least as sharp as the screen that intersect the stage.
 */
export function visibleTiles(dzi: DeepZoom, view: View, stage: Size, renditionWidth: number, pixelRatio = 1): PlacedTile[] {
  const needed = dzi.width * view.scale * pixelRatio;
  if (needed <= renditionWidth) return [];
  const top = maxLevel(dzi);
  let level = top;
  while (level > 0 && levelSize(dzi, level - 1).width >= needed) level--;
  const size = levelSize(dzi, level);
  // Level pixels per original pixel.
  const scale = size.width / dzi.width;
  const toLevel = (screen: number, offset: number) => ((screen - offset) / view.scale) * scale;
  const columns = Math.ceil(size.width / dzi.tileSize);
  const rows = Math.ceil(size.height / dzi.tileSize);
  const first = (value: number) => Math.max(0, Math.floor(value / dzi.tileSize));
  const [col0, col1] = [first(toLevel(0, view.x)), Math.min(columns - 1, Math.floor(toLevel(stage.width, view.x) / dzi.tileSize))];
  const [row0, row1] = [first(toLevel(0, view.y)), Math.min(rows - 1, Math.floor(toLevel(stage.height, view.y) / dzi.tileSize))];
  const tiles: PlacedTile[] = [];
  for (let row = row0; row <= row1; row++) {
    for (let col = col0; col <= col1; col++) {
      // Each tile covers its own cell plus `overlap` pixels into each neighbour (none beyond the image's edge).
      const left = Math.max(0, col * dzi.tileSize - dzi.overlap);
      const right = Math.min(size.width, (col + 1) * dzi.tileSize + dzi.overlap);
      const upper = Math.max(0, row * dzi.tileSize - dzi.overlap);
      const lower = Math.min(size.height, (row + 1) * dzi.tileSize + dzi.overlap);
      tiles.push({ key: `${level}/${col}_${row}.${dzi.format}`, x: left / scale, y: upper / scale, width: (right - left) / scale, height: (lower - upper) / scale });
    }
  }
  return tiles;
}
