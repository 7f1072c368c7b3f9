import { describe, expect, it } from "vitest";
import { isBigImage, levelSize, maxLevel, parseDzi, visibleTiles, type DeepZoom } from "./tiles";

const photo: DeepZoom = { tileSize: 512, overlap: 0, format: "jpeg", width: 6000, height: 4000 };

describe("big images' tiles", () => {
  it("reads the .dzi that sharp writes, and refuses anything else", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Image xmlns="http://schemas.microsoft.com/deepzoom/2008"
  Format="jpeg"
  Overlap="0"
  TileSize="512"
  >
  <Size
    Height="4000"
    Width="6000"
  />
</Image>`;
    expect(parseDzi(xml)).toEqual(photo);
    expect(parseDzi("<html>sign in</html>")).toBeNull();
  });

  it("numbers levels as Deep Zoom does: the top one is the full size, each below half of it (rounded up)", () => {
    expect(maxLevel(photo)).toBe(13);
    expect(levelSize(photo, 13)).toEqual({ width: 6000, height: 4000 });
    expect(levelSize(photo, 12)).toEqual({ width: 3000, height: 2000 });
    expect(levelSize(photo, 0)).toEqual({ width: 1, height: 1 });
    expect([isBigImage(6000, 4000), isBigImage(2560, 2560), isBigImage(null, null)]).toEqual([true, false, false]);
  });

  it("asks for no tile while the rendition is sharp enough for the screen", () => {
    // Fitted into a 1920-pixel-wide stage: 1900 screen pixels across, less than the 2048 of the rendition.
    expect(visibleTiles(photo, { x: 10, y: 0, scale: 1900 / 6000 }, { width: 1920, height: 1080 }, 2048)).toEqual([]);
    // A screen of pixel ratio 2 needs 3800.
    expect(visibleTiles(photo, { x: 10, y: 0, scale: 1900 / 6000 }, { width: 1920, height: 1080 }, 2048, 2)).not.toEqual([]);
  });

  it("zoomed in, asks for the visible tiles of the smallest level that is sharp enough, placed in original pixels", () => {
    // Half scale: level 12 (3000 wide) is exactly sharp enough. The stage shows original pixels 2000–3024 × 1000–1512.
    const tiles = visibleTiles(photo, { x: -1000, y: -500, scale: 0.5 }, { width: 512, height: 256 }, 2048);
    expect(tiles.map((tile) => tile.key)).toEqual(["12/1_0.jpeg", "12/2_0.jpeg", "12/1_1.jpeg", "12/2_1.jpeg"]);
    expect(tiles[0]).toEqual({ key: "12/1_0.jpeg", x: 1024, y: 0, width: 1024, height: 1024 });
    // At full scale and beyond: the full resolution, the last column cut at the image's edge.
    const edge = visibleTiles(photo, { x: -5900 * 4, y: 0, scale: 4 }, { width: 400, height: 100 }, 2048);
    expect(edge).toEqual([{ key: "13/11_0.jpeg", x: 5632, y: 0, width: 368, height: 512 }]);
  });
});
