"use client";
// The full resolution of a big image, only where the labeler zooms in past its rendition: the visible tiles of the
// fitting Deep Zoom level, drawn over the rendition in original image pixels (lib/labeling/tiles.ts).
import { useEffect, useMemo, useState } from "react";
import { Image as KonvaImage } from "react-konva";
import { parseDzi, visibleTiles, type DeepZoom } from "@/lib/labeling/tiles";
import type { Size, View } from "@/lib/labeling/viewport";
import { decodedImage, remember } from "./media-cache";

/** Tiles kept decoded: a few screens' worth; the ones seen longest ago go first. */
const KEEP_TILES = 64;
const tiles = new Map<string, Promise<HTMLImageElement>>();
const loadTile = (url: string) => remember(tiles, url, () => decodedImage(url), KEEP_TILES);

interface TileImagesProps {
  /** The item's Deep Zoom descriptor. */
  tilesUrl: string;
  /** The settled view: tiles are asked for once panning or zooming pauses. */
  view: View | null;
  stage: Size | null;
  /** How many pixels across the rendition under the tiles has. */
  renditionWidth: number;
  imageWidth: number;
}

export function TileImages({ tilesUrl, view, stage, renditionWidth, imageWidth }: TileImagesProps) {
  const [dzi, setDzi] = useState<DeepZoom | null>(null);
  const [loaded, setLoaded] = useState<ReadonlyMap<string, HTMLImageElement>>(new Map());
  const pixelRatio = typeof window === "undefined" ? 1 : window.devicePixelRatio;
  const zoomedIn = view !== null && imageWidth * view.scale * pixelRatio > renditionWidth;

  // The descriptor only once the tiles are first needed: opening the image costs nothing more.
  useEffect(() => {
    if (!zoomedIn || dzi) return;
    let cancelled = false;
    void fetch(tilesUrl)
      .then((response) => (response.ok ? response.text() : ""))
      .then((xml) => !cancelled && setDzi(parseDzi(xml)))
      .catch(() => undefined); // without tiles the rendition stays: blurrier, still right
    return () => {
      cancelled = true;
    };
  }, [zoomedIn, dzi, tilesUrl]);

  const placed = useMemo(() => (dzi && view && stage ? visibleTiles(dzi, view, stage, renditionWidth, pixelRatio) : []), [dzi, view, stage, renditionWidth, pixelRatio]);
  const wanted = placed.map((tile) => tile.key).join(" ");

  useEffect(() => {
    let cancelled = false;
    const keys = new Set(wanted.split(" ").filter(Boolean));
    for (const key of keys) {
      void loadTile(`${tilesUrl}/${key}`).then(
        (image) => !cancelled && setLoaded((current) => (current.get(key) === image ? current : new Map(current).set(key, image))),
        () => undefined,
      );
    }
    // Those out of view are let go (the cache above keeps the recent ones for a quick way back).
    setLoaded((current) => new Map([...current].filter(([key]) => keys.has(key))));
    return () => {
      cancelled = true;
    };
  }, [wanted, tilesUrl]);

  return placed.map((tile) => {
    const image = loaded.get(tile.key);
    return image ? <KonvaImage key={tile.key} name="tile" image={image} x={tile.x} y={tile.y} width={tile.width} height={tile.height} listening={false} /> : null;
  });
}
