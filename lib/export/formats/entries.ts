// Helpers over a label's entries shared by the formats: entry types, shapes' geometry, transcripts, times.
import type { ResultEntry } from "../../validation/annotation";
import type { Task } from "../../validation/project";
import type { ExportItem } from "./item";

export type BoxEntry = Extract<ResultEntry, { type: "bbox" }>;
export type PolygonEntry = Extract<ResultEntry, { type: "polygon" }>;
export type SegmentEntry = Extract<ResultEntry, { type: "segment" }>;
export type ShapeEntry = BoxEntry | PolygonEntry;
export type ShapeTask = Extract<Task, { type: "bbox" | "polygon" }>;
export type Point = readonly [number, number];

export const isShape = (entry: ResultEntry): entry is ShapeEntry => entry.type === "bbox" || entry.type === "polygon";
export const isShapeTask = (task: Task): task is ShapeTask => task.type === "bbox" || task.type === "polygon";

/** The item's size, which every coordinate conversion needs; an image without one cannot be exported with shapes. */
export function imageSize(item: ExportItem): { width: number; height: number } {
  if (!item.width || !item.height) throw new Error(`${item.originalName} (${item.id}) has shapes but no image size`);
  return { width: item.width, height: item.height };
}

function bounds(points: readonly Point[]): { x: number; y: number; width: number; height: number } {
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** Shoelace formula: the area a simple polygon encloses, whichever way its points turn. */
export function polygonArea(points: readonly Point[]): number {
  const twiceSigned = points.reduce((sum, [x1, y1], index) => {
    const [x2, y2] = points[(index + 1) % points.length]!;
    return sum + x1 * y2 - x2 * y1;
  }, 0);
  return Math.abs(twiceSigned) / 2;
}

const boxCorners = (box: BoxEntry): Point[] => [
  [box.x, box.y],
  [box.x + box.width, box.y],
  [box.x + box.width, box.y + box.height],
  [box.x, box.y + box.height],
];
export const shapeBounds = (shape: ShapeEntry) => (shape.type === "bbox" ? shape : bounds(shape.points));
export const shapeOutline = (shape: ShapeEntry): readonly Point[] => (shape.type === "bbox" ? boxCorners(shape) : shape.points);

/** A file name without its extension ("clip.v2.wav" → "clip.v2"), as tools name a clip's or an image's other files. */
export const fileStem = (fileName: string) => fileName.replace(/\.[^./]*$/, "") || fileName;

/** Seconds rounded to the microsecond, so that float noise (0.3 - 0.1) does not reach the files. */
export const seconds = (value: number) => Math.round(value * 1e6) / 1e6;

/** Orders segments by start, then end. */
export const byTime = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start - b.start || a.end - b.end;

/** The segments of a result that carry a transcript, in time order. */
export function transcribedSegments(result: readonly ResultEntry[]): (SegmentEntry & { transcript: string })[] {
  return result
    .filter((entry): entry is SegmentEntry & { transcript: string } => entry.type === "segment" && entry.transcript !== undefined)
    .sort(byTime);
}
export const joinTranscripts = (segments: readonly { transcript: string }[]) => segments.map((segment) => segment.transcript).join(" ");

export const entryOf = <T extends ResultEntry["type"]>(final: readonly ResultEntry[], type: T, key?: string) =>
  final.find((entry): entry is Extract<ResultEntry, { type: T }> => entry.type === type && (key === undefined || entry.task === key));

/** A file name's extension with its dot (".png"), or "" without one; as node:path's extname, which the browser lacks. */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot) : "";
}
