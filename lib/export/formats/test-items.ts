// Items and labels the format tests share, and a way to run a format's writer without a server.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ResultEntry } from "../../validation/annotation";
import { newProjectSchema } from "../../validation/project";
import type { ExportFormatDefinition, ExportOutput, WriterSetup } from "./format";
import { toJsonText, type ExportDecision, type ExportItem } from "./item";

export const imageTasks = newProjectSchema.parse({
  name: "p",
  mediaKind: "image",
  tasks: [
    { key: "defect", type: "classification", classes: ["ok", "scratch", "dent"], uncertainClass: "borderline", multiple: true },
    { key: "boxes", type: "bbox", classes: ["scratch", "dent"] },
    { key: "outline", type: "polygon", classes: ["scratch"] },
  ],
}).tasks;
export const audioTasks = newProjectSchema.parse({
  name: "a",
  mediaKind: "audio",
  tasks: [
    { key: "speech", type: "segment", classes: ["speech"], transcript: true },
    { key: "noise", type: "segment", classes: ["noise"] },
    { key: "text", type: "transcript" },
  ],
}).tasks;

export const annotation = (labeler: string, result: ResultEntry[]): ExportItem["annotations"][number] => ({
  id: `a-${labeler}`,
  labeler: { id: labeler, name: `Name ${labeler}`, email: `${labeler}@example.com` },
  revision: 1,
  startedAt: "2025-01-02T03:03:50.000Z",
  submittedAt: "2025-01-02T03:04:05.000Z",
  activeMs: 12_500,
  guidelineVersion: 2,
  guidelinesUnclear: false,
  note: null,
  client: toJsonText({ userAgent: "Mozilla/5.0", appVersion: "0.7.0" }),
  result: toJsonText(result),
  preannotation: null,
  earlierRevisions: [],
});

export function imageItem(final: ResultEntry[] | null, overrides: Partial<ExportItem> = {}): ExportItem {
  return {
    id: "item1",
    originalName: "photo.png",
    fileName: "photo.png",
    mediaPath: "media/abc.png",
    mimeType: "image/png",
    sha256: "abc",
    width: 400,
    height: 200,
    durationSeconds: null,
    metadata: {},
    importBatchId: "batch1",
    source: "camera 3",
    annotations: final ? [annotation("u1", final), annotation("u2", final)] : [],
    labelerCount: final ? 2 : 0,
    skips: [],
    discussion: [],
    review: { state: "accepted", reasons: [], agreementScore: 0.75, agreement: null, consensus: null, decisions: [], revisionRequests: [] },
    final,
    split: "train",
    ...overrides,
  };
}

export const audioItem = (final: ResultEntry[] | null, overrides: Partial<ExportItem> = {}): ExportItem =>
  imageItem(final, { originalName: "clip.wav", fileName: "clip.wav", mediaPath: "media/def.wav", mimeType: "audio/wav", width: null, height: null, durationSeconds: 4, ...overrides });

export const box = (x: number, y: number, width: number, height: number, label = "scratch"): ResultEntry => ({ task: "boxes", type: "bbox", label, x, y, width, height });
export const polygon = (points: [number, number][], label = "scratch"): ResultEntry => ({ task: "outline", type: "polygon", label, points });
export const segment = (start: number, end: number, transcript?: string, task = "speech"): ResultEntry => ({
  task,
  type: "segment",
  label: task,
  start,
  end,
  ...(transcript === undefined ? {} : { transcript }),
});

const reviewer = { id: "r1", name: "Rita Reviewer", email: "rita@example.com" };
export const decisionOf = (action: string, result: ResultEntry[] | null, at = "2025-01-03T00:00:00.000Z"): ExportDecision => ({
  id: `d-${at}`,
  action,
  reason: "box too wide",
  category: "labeling-error",
  reviewer,
  at,
  result,
  annotationId: null,
  sessionId: null,
  guidelineVersion: 2,
});

/** What a format wrote, by name in the zip (text files as written, a media file as `media of <item id>`), its manifest notes, and the items it left out. */
export type WrittenFiles = Map<string, string> & { notes: string[]; leftOut: [itemId: string, reason: string][] };

/** Runs a format's writer over the items, `pageSize` to a page, as the server's export does, and keeps what it writes. */
export function writeFormat(format: ExportFormatDefinition, setup: WriterSetup, items: readonly ExportItem[], pageSize = 2): WrittenFiles {
  const files: WrittenFiles = Object.assign(new Map<string, string>(), { notes: [] as string[], leftOut: [] as [string, string][] });
  const parts = new Map<string, string[]>();
  const once = (name: string) => {
    if (files.has(name)) throw new Error(`${name} written twice`);
  };
  const output: ExportOutput = {
    media: (item, name) => {
      once(name);
      files.set(name, `media of ${item.id}`);
    },
    file: (name, text) => {
      once(name);
      files.set(name, text);
    },
    append: (name, text, part = 0) => {
      const texts = parts.get(name) ?? [];
      texts[part] = (texts[part] ?? "") + text;
      parts.set(name, texts);
    },
    note: (text) => files.notes.push(text),
    leaveOut: (item, reason) => files.leftOut.push([item.id, reason]),
  };
  const writer = format.writer(setup);
  for (let start = 0; start < items.length; start += pageSize) writer.page(items.slice(start, start + pageSize), output);
  writer.end(output);
  for (const [name, texts] of parts) {
    once(name);
    files.set(name, texts.join(""));
  }
  return files;
}

/** The files in a new temporary folder, for a reader that opens them from disk; returns the folder. */
export function onDisk(files: ReadonlyMap<string, string>): string {
  const folder = mkdtempSync(path.join(tmpdir(), "concord-export-"));
  for (const [name, text] of files) {
    mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    writeFileSync(path.join(folder, name), text);
  }
  return folder;
}
