// Items and labels the format tests share.
import type { ResultEntry } from "../../validation/annotation";
import { newProjectSchema } from "../../validation/project";
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
