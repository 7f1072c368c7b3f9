// Label Studio JSON export: tasks with their annotations, as Label Studio imports them.
import type { ResultEntry } from "../../validation/annotation";
import type { Task } from "../../validation/project";
import { imageSize } from "./entries";
import { ANY_LABELS, type ExportFormatDefinition } from "./format";
import { parseJsonText, type ExportItem } from "./item";
import { labelStudioConfig, regionTranscriptControl, type LabelStudioObject } from "./label-studio-config";

/** Label Studio has no uncertainty flag; Concord writes this word in a region's meta note and reads it back. */
export const UNCERTAIN_NOTE = "uncertain";

type MediaKey = LabelStudioObject;

export interface LabelStudioResult {
  id: string;
  type: "choices" | "textarea" | "labels" | "rectanglelabels" | "polygonlabels";
  from_name: string;
  to_name: MediaKey;
  value: Record<string, unknown>;
  original_width?: number;
  original_height?: number;
  image_rotation?: 0;
  meta?: { text: string[] };
}

export interface LabelStudioAnnotation {
  completed_by?: { id: string; email: string; first_name: string };
  created_at?: string;
  lead_time: number;
  /** Label Studio's mark of a reviewed, correct annotation: true only on a reviewer's gold label. */
  ground_truth: boolean;
  result: LabelStudioResult[];
}

/** Keys of a task's data that are Concord's; metadata of the same name goes to the task's `meta`. */
const DATA_KEYS = new Set(["image", "audio", "concord_id", "concord_split"]);

export interface LabelStudioTask {
  /** The task's number in the export, from 1: label-studio-converter reads every task's id. */
  id: number;
  /**
   * The media URL, Concord's id and split (null without one), and the item's metadata (Label Studio keeps extra data
   * fields, and a config may show them as $key).
   */
  data: { image?: string; audio?: string; concord_id: string; concord_split: string | null; [metadata: string]: string | number | boolean | null | undefined };
  /** Metadata whose key is one of data's own (image, audio, concord_id, concord_split). */
  meta?: Record<string, string | number | boolean | null>;
  annotations: LabelStudioAnnotation[];
}

/**
 * Who an annotation is by, as Label Studio's import matches annotators: by email. A consensus is by no one and a person
 * deleted since has no email; Label Studio refuses a completed_by without an email (the whole import fails), so those
 * have none, and Label Studio gives them to whoever imports (an import here reports them as without an account).
 */
function completedBy(person: { id: string; email: string; name: string } | null): Pick<LabelStudioAnnotation, "completed_by"> {
  return person?.email ? { completed_by: { id: person.id, email: person.email, first_name: person.name } } : {};
}

const toPercent = (value: number, side: number) => (value / side) * 100;
export const fromPercent = (value: number, side: number) => (value / 100) * side;

/** One entry as Label Studio results: a segment with a transcript gives a region and its per-region text, sharing an id. */
function labelStudioResults(entry: ResultEntry, id: string, media: MediaKey, item: ExportItem): LabelStudioResult[] {
  const base = { id, from_name: entry.task, to_name: media, ...(entry.uncertain ? { meta: { text: [UNCERTAIN_NOTE] } } : {}) };
  switch (entry.type) {
    case "classification":
      return [{ ...base, type: "choices", value: { choices: entry.values } }];
    case "transcript":
      return [{ ...base, type: "textarea", value: { text: [entry.text] } }];
    case "segment": {
      const region = { start: entry.start, end: entry.end, channel: 0 };
      const text = entry.transcript === undefined ? [] : [{ ...base, from_name: regionTranscriptControl(entry.task), type: "textarea" as const, value: { ...region, text: [entry.transcript] } }];
      return [{ ...base, type: "labels", value: { ...region, labels: [entry.label] } }, ...text];
    }
    case "bbox":
    case "polygon": {
      const { width, height } = imageSize(item);
      const image = { original_width: width, original_height: height, image_rotation: 0 as const };
      if (entry.type === "polygon") {
        const points = entry.points.map(([x, y]) => [toPercent(x, width), toPercent(y, height)]);
        return [{ ...base, ...image, type: "polygonlabels", value: { points, polygonlabels: [entry.label], closed: true } }];
      }
      const box = { x: toPercent(entry.x, width), y: toPercent(entry.y, height), width: toPercent(entry.width, width), height: toPercent(entry.height, height) };
      return [{ ...base, ...image, type: "rectanglelabels", value: { ...box, rotation: 0, rectanglelabels: [entry.label] } }];
    }
  }
}

/** The object (to_name) and data key of an item's media: "audio" or "image" by its MIME type. */
const mediaKeyOf = (item: ExportItem): MediaKey => (item.mimeType.startsWith("audio/") ? "audio" : "image");

/**
 * A Label Studio task: its number `id`, data {image | audio: mediaUrl, concord_id, concord_split, and the item's
 * metadata} and its annotations, by `labels`: all, an annotation per labeler as they gave it (their time and lead
 * time), and a resolved item's gold label; final, consensus or gold, the item's label of that kind (item.final) as its
 * one annotation, none without it. A gold label is by the reviewer who decided it, at the time of their decision, and
 * the only annotation with ground_truth true; a consensus is by no one (see completedBy). Control names (from_name) are
 * task keys, a segment task's transcripts go to `<key>_transcript` (as labelStudioConfig names them); the object
 * (to_name) is "image" or "audio" by the item's MIME type. Boxes and polygons are in percent of the image size,
 * segments in seconds; an uncertain entry carries the meta note "uncertain". Entries of tasks the project no longer
 * has (same key and type) are left out.
 */
export function labelStudioTask(item: ExportItem, tasks: readonly Task[], mediaUrl: string, labels: "final" | "consensus" | "gold" | "all", id = 1): LabelStudioTask {
  const media = mediaKeyOf(item);
  const configured = (entry: ResultEntry) => tasks.some((task) => task.key === entry.task && task.type === entry.type);
  const results = (entries: ResultEntry[]) => entries.filter(configured).flatMap((entry, index) => labelStudioResults(entry, `r${index}`, media, item));
  const metadata = Object.entries(item.metadata);
  const clashing = metadata.filter(([key]) => DATA_KEYS.has(key));
  return {
    id,
    data: { ...Object.fromEntries(metadata.filter(([key]) => !DATA_KEYS.has(key))), [media]: mediaUrl, concord_id: item.id, concord_split: item.split },
    ...(clashing.length ? { meta: Object.fromEntries(clashing) } : {}),
    annotations: labels === "all" ? [...labelerAnnotations(item, results), ...goldAnnotation(item, results)] : chosenAnnotation(item, labels, results),
  };
}

function labelerAnnotations(item: ExportItem, results: (entries: ResultEntry[]) => LabelStudioResult[]): LabelStudioAnnotation[] {
  return item.annotations.map((annotation) => ({
    ...completedBy(annotation.labeler),
    created_at: annotation.submittedAt,
    lead_time: annotation.activeMs / 1000,
    ground_truth: false,
    result: results(parseJsonText<ResultEntry[]>(annotation.result)),
  }));
}

/** A resolved item's gold label beside the labelers' annotations, as the ground truth it is. */
function goldAnnotation(item: ExportItem, results: (entries: ResultEntry[]) => LabelStudioResult[]): LabelStudioAnnotation[] {
  const decision = item.review.state === "resolved" ? item.review.decisions[0] : undefined;
  return decision?.result ? [{ ...completedBy(decision.reviewer), created_at: decision.at, lead_time: 0, ground_truth: true, result: results(decision.result) }] : [];
}

function chosenAnnotation(item: ExportItem, labels: "final" | "consensus" | "gold", results: (entries: ResultEntry[]) => LabelStudioResult[]): LabelStudioAnnotation[] {
  if (!item.final) return [];
  // As finalLabel chooses: the decision's result once resolved, else the consensus.
  const decision = labels === "gold" || (labels === "final" && item.review.state === "resolved") ? (item.review.decisions[0] ?? null) : null;
  if (!decision) return [{ ...completedBy(null), lead_time: 0, ground_truth: false, result: results(item.final) }];
  return [{ ...completedBy(decision.reviewer), created_at: decision.at, lead_time: 0, ground_truth: true, result: results(item.final) }];
}

const TASKS_FILE = "tasks.json";
const CONFIG_FILE = "label_config.xml";

/** The media object of an export of no items: image unless the tasks are audio's (segments). */
const mediaOfTasks = (tasks: readonly Task[]): MediaKey => (tasks.some((task) => task.type === "segment") ? "audio" : "image");

export const labelStudioFormat: ExportFormatDefinition = {
  name: "label-studio",
  title: "Label Studio JSON",
  summary:
    "tasks.json with the media under their original names and label_config.xml, as a Label Studio project imports them: every labeler's annotation and the gold label (labels=all) or the chosen label as each task's one annotation.",
  media: ["image", "audio"],
  labels: ANY_LABELS,
  training: false,
  checkedWith: "label-studio-converter's task loading and config parsing (Python port), and Concord's own Label Studio import",
  options: [],
  // Labelers' annotations are read only when they are what is written.
  detail: (query) => (query.labels === "all" ? "annotations" : "labels"),
  filesPerItem: 1,
  writer: ({ tasks, query }) => {
    let tasksWritten = 0;
    let media: MediaKey | null = null;
    return {
      page(items, out) {
        for (const item of items) {
          // The media come along under their original names, at the URL Label Studio's local-files storage serves
          // them from when it is pointed at the unzipped folder (and the names a re-import here matches).
          const file = `media/${item.fileName}`;
          out.media(item, file);
          media ??= mediaKeyOf(item);
          const task = labelStudioTask(item, tasks, `/data/local-files/?d=media/${encodeURIComponent(item.fileName)}`, query.labels, ++tasksWritten);
          out.append(TASKS_FILE, `${tasksWritten > 1 ? ",\n" : "[\n"}${JSON.stringify(task)}`);
        }
      },
      end: (out) => {
        out.append(TASKS_FILE, tasksWritten ? "\n]\n" : "[\n\n]\n");
        out.file(CONFIG_FILE, labelStudioConfig(tasks, media ?? mediaOfTasks(tasks)));
      },
    };
  },
};
