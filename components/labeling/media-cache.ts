"use client";
// Media of the next task, fetched while the labeler works on the current one, so it opens at once.

export interface Peaks {
  duration: number;
  peaksPerSecond: number;
  data: number[];
}

/** The server's peaks (min, max, min, max …) as wavesurfer's two channels: maxima above, minima below. */
export function channels(peaks: Peaks): [number[], number[]] {
  const maxima: number[] = [];
  const minima: number[] = [];
  for (let index = 0; index + 1 < peaks.data.length; index += 2) {
    minima.push(peaks.data[index]!);
    maxima.push(peaks.data[index + 1]!);
  }
  return [maxima, minima];
}

const images = new Map<string, Promise<HTMLImageElement>>();
const peaks = new Map<string, Promise<Peaks>>();
const KEEP = 4;

/**
 * What `load` gives for `key`, loaded once and kept with the `keep` most recently asked for. A failed load is not
 * kept, so asking again tries again.
 */
export function remember<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>, keep: number): Promise<T> {
  const cached = cache.get(key);
  if (cached) {
    // Asked for again: the most recent now.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const loading = load();
  loading.catch(() => cache.delete(key));
  cache.set(key, loading);
  for (const old of [...cache.keys()].slice(0, Math.max(0, cache.size - keep))) cache.delete(old);
  return loading;
}

/** An image fetched and decoded, ready to draw. */
export async function decodedImage(url: string): Promise<HTMLImageElement> {
  const image = new Image();
  image.src = url;
  await image.decode();
  return image;
}

export function loadImage(url: string): Promise<HTMLImageElement> {
  return remember(images, url, () => decodedImage(url), KEEP);
}

async function fetchPeaks(url: string): Promise<Peaks> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The waveform could not be loaded (${response.status}).`);
  return (await response.json()) as Peaks;
}

export function loadPeaks(url: string): Promise<Peaks> {
  return remember(peaks, url, () => fetchPeaks(url), KEEP);
}

/** The image a workspace shows whole: a big image's screen-sized rendition, else the image itself. */
export const shownImageUrl = (item: { mediaUrl: string; renditionUrl?: string | null }) => item.renditionUrl ?? item.mediaUrl;

/** Starts loading what the item's workspace will need first. */
export function prefetchMedia(item: { mimeType: string; mediaUrl: string; renditionUrl?: string | null; peaksUrl: string | null }): void {
  if (item.mimeType.startsWith("image/")) void loadImage(shownImageUrl(item)).catch(() => undefined);
  else if (item.peaksUrl) void loadPeaks(item.peaksUrl).catch(() => undefined);
}
