// Hugging Face folder datasets: imagefolder / audiofolder with a metadata.jsonl per split folder, which
// datasets.load_dataset("imagefolder" | "audiofolder", data_dir=...) loads with its labels and splits.
import type { ResultEntry } from "../../validation/annotation";
import type { Task } from "../../validation/project";
import { byTime, entryOf, isShape, joinTranscripts, type SegmentEntry, shapeBounds, shapeOutline, transcribedSegments } from "./entries";
import { ONE_LABEL_PER_ITEM, type ExportFormatDefinition } from "./format";
import type { ExportItem } from "./item";

/**
 * The split folders, named so that datasets' split patterns (data_files.py: a folder named train, validation/dev,
 * test) give the splits train, validation and test. An export without a split goes to train/, the split datasets
 * gives a folder without split names anyway: in a data/ folder, a file named like "test_01.png" would match its
 * file-name patterns and become a split of its own, without its metadata.
 */
const SPLIT_FOLDERS: Record<string, string> = { train: "train", dev: "validation", test: "test" };
const folderOf = (item: ExportItem) => (item.split === null ? "train" : (SPLIT_FOLDERS[item.split] ?? item.split));

/** A number JSON writes with a decimal point, so that pyarrow types it double in every split (10 would be int64). */
class Double {
  constructor(readonly value: number) {}
}
type JsonValue = string | number | boolean | null | Double | JsonValue[] | { [key: string]: JsonValue };

function jsonText(value: JsonValue): string {
  if (value instanceof Double) return Number.isInteger(value.value) ? `${value.value}.0` : String(value.value);
  if (Array.isArray(value)) return `[${value.map(jsonText).join(",")}]`;
  if (value !== null && typeof value === "object") return `{${Object.entries(value).map(([key, field]) => `${JSON.stringify(key)}:${jsonText(field)}`).join(",")}}`;
  return JSON.stringify(value);
}

/** A value datasets can type: anything but null and an empty list (pyarrow types those "null", a type of its own). */
const typed = (value: JsonValue): boolean =>
  Array.isArray(value) ? value.length > 0 : value !== null && typeof value === "object" && !(value instanceof Double) ? Object.values(value).some(typed) : value !== null;

/** The columns besides the labels; a task whose key is one of them gets the column `<key>_task`. */
const FIXED_COLUMNS = ["file_name", "concord_id", "original_name", "objects", "segments", "transcription", "metadata"];

/** Metadata as text ("" for none), so that a key with no value in some split, or numbers in one and text in another, keeps one type. */
const metadataText = (value: ExportItem["metadata"][string] | undefined) => (value === null || value === undefined ? "" : String(value));

interface Column {
  name: string;
  value(label: readonly ResultEntry[]): JsonValue;
}

/**
 * The label columns: a classification task's class (a list of classes if it takes several); a transcript task's
 * text; an image's shapes as `objects` {bbox: [[x, y, width, height]] in pixels (COCO's order, as the imagefolder
 * object detection docs show), category: [class], task: [task key]} plus segmentation: [[[x1, y1, x2, y2, ...]]]
 * (COCO's polygons; a box as its corners) when the project has polygons; a clip's segments as `segments` {start,
 * end (seconds), label, task (, transcript)}; and for audio with any transcripts `transcription`, the first
 * transcript task's text or else the segment transcripts in time order, as the ASR manifest writes a clip's text.
 *
 * datasets types each split from its own metadata file and refuses splits typed otherwise, and pyarrow types a
 * column null in every line as null: so a class or text not given is "" (not null), and every task's shapes
 * (segments) share one column, which a split then lacks only when it has none at all.
 */
function labelColumns(tasks: readonly Task[]): Column[] {
  const columnName = (key: string) => (FIXED_COLUMNS.includes(key) ? `${key}_task` : key);
  const columns = tasks.flatMap((task): Column[] => {
    const name = columnName(task.key);
    switch (task.type) {
      case "classification":
        return [
          {
            name,
            value: (label) => {
              const values = entryOf(label, "classification", task.key)?.values ?? [];
              return task.multiple ? values : (values[0] ?? "");
            },
          },
        ];
      case "transcript":
        return [{ name, value: (label) => entryOf(label, "transcript", task.key)?.text ?? "" }];
      default:
        return [];
    }
  });
  const shapeTasks = tasks.filter((task) => task.type === "bbox" || task.type === "polygon");
  if (shapeTasks.length) {
    const withSegmentation = shapeTasks.some((task) => task.type === "polygon");
    const known = new Set(shapeTasks.map((task) => task.key));
    columns.push({
      name: "objects",
      value: (label) => {
        const shapes = label.filter(isShape).filter((shape) => known.has(shape.task));
        return {
          bbox: shapes.map((shape) => {
            const box = shapeBounds(shape);
            return [box.x, box.y, box.width, box.height].map((number) => new Double(number));
          }),
          category: shapes.map((shape) => shape.label),
          task: shapes.map((shape) => shape.task),
          ...(withSegmentation ? { segmentation: shapes.map((shape) => [shapeOutline(shape).flatMap(([x, y]) => [new Double(x), new Double(y)])]) } : {}),
        };
      },
    });
  }
  const segmentTasks = tasks.filter((task) => task.type === "segment");
  if (segmentTasks.length) {
    const withTranscripts = segmentTasks.some((task) => task.transcript);
    const known = new Set(segmentTasks.map((task) => task.key));
    columns.push({
      name: "segments",
      value: (label) => {
        const segments = label.filter((entry): entry is SegmentEntry => entry.type === "segment" && known.has(entry.task)).sort(byTime);
        return {
          start: segments.map((segment) => new Double(segment.start)),
          end: segments.map((segment) => new Double(segment.end)),
          label: segments.map((segment) => segment.label),
          task: segments.map((segment) => segment.task),
          ...(withTranscripts ? { transcript: segments.map((segment) => segment.transcript ?? "") } : {}),
        };
      },
    });
  }
  const transcripts = tasks.some((task) => task.type === "transcript" || (task.type === "segment" && task.transcript));
  if (transcripts) {
    const firstTranscriptTask = tasks.find((task) => task.type === "transcript");
    columns.push({
      name: "transcription",
      value: (label) => {
        const text = firstTranscriptTask ? entryOf(label, "transcript", firstTranscriptTask.key)?.text : undefined;
        const segments = transcribedSegments(label);
        return text ?? joinTranscripts(segments);
      },
    });
  }
  return columns;
}

export const hfFormat: ExportFormatDefinition = {
  name: "hf",
  title: "Hugging Face (imagefolder / audiofolder)",
  summary:
    'a folder per split (train/, validation/, test/; train/ without a split) with the media and metadata.jsonl: file_name, the labels (classes, objects {bbox, category}, segments, transcription) and metadata, as datasets.load_dataset("imagefolder" or "audiofolder", data_dir=...) loads them.',
  media: ["image", "audio"],
  labels: ONE_LABEL_PER_ITEM,
  training: true,
  checkedWith: "a port of datasets' FolderBasedBuilder metadata loading and data_files split patterns",
  options: [],
  metadataKeys: true,
  filesPerItem: 1,
  writer: ({ tasks, metadataKeys }) => {
    const columns = labelColumns(tasks);
    // datasets types each split's columns from its metadata file's first rows and refuses splits whose types
    // differ; a column that is null or [] on every line is typed null. So a line that gives a column its first
    // value in its split goes first (part 0), the rest after (part 1): each split's first rows type every column
    // any of its lines can.
    const typedColumns = new Map<string, Set<string>>();
    const columnNames = [...columns.map((column) => column.name), ...metadataKeys.map((key) => `metadata.${key}`)];
    return {
      page: (items, out) => {
        for (const item of items) {
          const folder = folderOf(item);
          const labels = Object.fromEntries(columns.map((column) => [column.name, column.value(item.final ?? [])]));
          const metadata = Object.fromEntries(metadataKeys.map((key) => [key, metadataText(item.metadata[key])]));
          const line: JsonValue = { file_name: item.fileName, concord_id: item.id, original_name: item.originalName, ...labels, ...(metadataKeys.length ? { metadata } : {}) };
          const typedHere = new Set(typedColumns.get(folder));
          const values: [string, JsonValue][] = [...Object.entries(labels), ...Object.entries(metadata).map(([key, value]): [string, JsonValue] => [`metadata.${key}`, value])];
          const firstValues = values.filter(([name, value]) => typed(value) && !typedHere.has(name));
          for (const [name] of firstValues) typedHere.add(name);
          typedColumns.set(folder, typedHere);
          out.media(item, `${folder}/${item.fileName}`);
          out.append(`${folder}/metadata.jsonl`, `${jsonText(line)}\n`, firstValues.length ? 0 : 1);
        }
      },
      end: (out) => {
        const typedSomewhere = new Set([...typedColumns.values()].flatMap((names) => [...names]));
        for (const [folder, names] of typedColumns) {
          const untyped = columnNames.filter((name) => typedSomewhere.has(name) && !names.has(name));
          if (untyped.length) {
            out.note(
              `${folder}/metadata.jsonl has no value of ${untyped.join(", ")} on any line, which datasets then types null, unlike the other splits, and refuses: give load_dataset features= so that the splits agree.`,
            );
          }
        }
      },
    };
  },
};
