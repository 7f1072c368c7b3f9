// Reading existing labels of a detection dataset (COCO's annotations file, YOLO's label files with their class
// names, or CVAT for images 1.1 XML) into Concord results, so that a team can bring a labeled set in and measure it. Pure: the server matches the
// files to items and says whose labels they are (a labeler's, or gold).
import { XMLParser } from "fast-xml-parser";
import { z } from "zod";
import { allowedLabels, type Task } from "../../validation/project";
import type { ResultEntry } from "../../validation/annotation";

/** An image's size in pixels. */
export interface ImageSize {
  width: number;
  height: number;
}

export interface DetectionImport {
  /**
   * Per image file name (as the dataset names it, without folders), its boxes and polygons in pixels; `leftOut`: how
   * many of its labels were left out (said in problems), so that an image whose every label was left out is not taken
   * for one with nothing in it.
   */
  items: { file: string; result: ResultEntry[]; leftOut?: number }[];
  /** What was left out and why, naming the file, the line or annotation, and the class. */
  problems: string[];
}

type ShapeTask = Extract<Task, { type: "bbox" | "polygon" }>;
type ClassificationTask = Extract<Task, { type: "classification" }>;

/**
 * Where a class's shapes go: a polygon to the polygon task with that class, else (or for a box) to the box task with
 * it; a class in two tasks of the same type is ambiguous and said so, never guessed.
 */
function shapeTaskOf(tasks: readonly Task[]) {
  const withClass = (type: "bbox" | "polygon", label: string) => tasks.filter((task): task is ShapeTask => task.type === type && allowedLabels(task).includes(label));
  return (label: string, polygon: boolean): ShapeTask | string => {
    for (const type of polygon ? (["polygon", "bbox"] as const) : (["bbox"] as const)) {
      const found = withClass(type, label);
      if (found.length === 1) return found[0]!;
      if (found.length > 1) return `class "${label}" is in ${found.length} ${type} tasks (${found.map((task) => task.key).join(", ")}); give it to one`;
    }
    return `class "${label}" is in no ${polygon ? "polygon or box" : "box"} task of the project`;
  };
}

const clamp = (value: number, side: number) => Math.min(side, Math.max(0, value));

/** A box clipped to the image (datasets hold boxes a hair past the edge); null when nothing of it is inside. */
function clippedBox(x: number, y: number, width: number, height: number, size: ImageSize | undefined) {
  if (!size) return { x, y, width, height };
  const [left, top, right, bottom] = [clamp(x, size.width), clamp(y, size.height), clamp(x + width, size.width), clamp(y + height, size.height)];
  return right > left && bottom > top ? { x: left, y: top, width: right - left, height: bottom - top } : null;
}

const clippedPoints = (points: [number, number][], size: ImageSize | undefined): [number, number][] =>
  size ? points.map(([x, y]) => [clamp(x, size.width), clamp(y, size.height)]) : points;

/** The file name without folders, as items are named. */
const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;

// Only what is read is checked; COCO files carry more (info, licenses, area, ...), which stays out.
const cocoSchema = z.object({
  images: z.array(z.object({ id: z.union([z.number(), z.string()]), file_name: z.string(), width: z.number().positive().optional(), height: z.number().positive().optional() })),
  annotations: z.array(
    z.object({
      image_id: z.union([z.number(), z.string()]),
      category_id: z.union([z.number(), z.string()]),
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
      segmentation: z.unknown().optional(),
      iscrowd: z.union([z.literal(0), z.literal(1)]).optional(),
    }),
  ),
  categories: z.array(z.object({ id: z.union([z.number(), z.string()]), name: z.string() })),
});

/**
 * A COCO annotations file: each annotation to the image its image_id names, its category by name to the project's
 * task with that class. A polygon segmentation (one ring) becomes a polygon where the class has a polygon task, else
 * its bbox a box; RLE masks (iscrowd) and several rings are left out and said. `sizeOf` gives an image's known size
 * (else COCO's own), to which shapes are clipped.
 */
export function parseCocoLabels(json: unknown, tasks: readonly Task[], sizeOf: (file: string) => ImageSize | undefined = () => undefined): DetectionImport {
  const parsed = cocoSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { items: [], problems: [`not a COCO annotations file: ${issue.path.join(".") || "the root"}: ${issue.message}`] };
  }
  const { images, annotations, categories } = parsed.data;
  const problems: string[] = [];
  const taskOf = shapeTaskOf(tasks);
  const categoryName = new Map(categories.map((category) => [String(category.id), category.name]));
  const results = new Map<string, { file: string; size: ImageSize | undefined; result: ResultEntry[]; leftOut: number }>();
  for (const image of images) {
    const file = baseName(image.file_name);
    const size = sizeOf(file) ?? (image.width && image.height ? { width: image.width, height: image.height } : undefined);
    results.set(String(image.id), { file, size, result: [], leftOut: 0 });
  }
  annotations.forEach((annotation, index) => {
    const where = `annotation ${index + 1}`;
    const image = results.get(String(annotation.image_id));
    if (!image) return problems.push(`${where}: no image has id ${annotation.image_id}`);
    const leave = (problem: string) => (image.leftOut++, problems.push(problem));
    const label = categoryName.get(String(annotation.category_id));
    if (label === undefined) return leave(`${image.file}, ${where}: no category has id ${annotation.category_id}`);
    const rings = Array.isArray(annotation.segmentation) ? annotation.segmentation : [];
    if (annotation.iscrowd === 1 || (annotation.segmentation !== undefined && !Array.isArray(annotation.segmentation))) {
      return leave(`${image.file}, ${where}: a crowd region (RLE mask) of "${label}" is not a box or polygon Concord keeps; left out`);
    }
    if (rings.length > 1) return leave(`${image.file}, ${where}: "${label}" is ${rings.length} polygons; Concord keeps one outline per shape; left out`);
    const ring = rings[0];
    const polygon = Array.isArray(ring) && ring.length >= 6 && ring.length % 2 === 0 && ring.every((value) => typeof value === "number") ? (ring as number[]) : null;
    const task = taskOf(label, polygon !== null);
    if (typeof task === "string") return leave(`${image.file}, ${where}: ${task}; left out`);
    if (task.type === "polygon") {
      const points = Array.from({ length: polygon!.length / 2 }, (_, point): [number, number] => [polygon![point * 2]!, polygon![point * 2 + 1]!]);
      return image.result.push({ task: task.key, type: "polygon", label, points: clippedPoints(points, image.size) });
    }
    if (!annotation.bbox) return leave(`${image.file}, ${where}: "${label}" has no bbox; left out`);
    const box = clippedBox(...annotation.bbox, image.size);
    if (!box) return leave(`${image.file}, ${where}: the box of "${label}" lies outside the image; left out`);
    image.result.push({ task: task.key, type: "bbox", label, ...box });
  });
  return { items: [...results.values()].map(({ file, result, leftOut }) => ({ file, result, ...(leftOut ? { leftOut } : {}) })), problems };
}

/**
 * YOLO's class names: data.yaml's `names` (a list, or index: name lines) or classes.txt (a name per line). The YAML is
 * read for this key alone, in the two forms Ultralytics writes, quoted or not.
 */
export function parseYoloNames(fileName: string, text: string): string[] {
  if (!/\.ya?ml$/i.test(fileName)) return text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const unquote = (value: string) => {
    // An unquoted value ends where a comment starts.
    const trimmed = /^\s*["']/.test(value) ? value.trim() : value.replace(/\s#.*$/, "").trim();
    if (/^".*"$/.test(trimmed)) return JSON.parse(trimmed) as string;
    return /^'.*'$/.test(trimmed) ? trimmed.slice(1, -1).replaceAll("''", "'") : trimmed;
  };
  const inline = text.match(/^names:\s*\[(.*)\]\s*$/m);
  if (inline) return inline[1]!.split(",").map(unquote).filter(Boolean);
  const block = text.match(/^names:\s*(?:\{\s*\})?\s*\n((?:[ \t]+.*\n?)*)/m);
  if (!block) throw new Error(`${fileName} has no names`);
  const lines = block[1]!.split(/\r?\n/).filter((line) => line.trim());
  const indexed = lines.map((line) => line.match(/^\s+(\d+)\s*:\s*(.*)$/));
  if (indexed.every(Boolean)) {
    const names: string[] = [];
    for (const match of indexed) names[Number(match![1])] = unquote(match![2]!);
    return names;
  }
  return lines.map((line) => unquote(line.replace(/^\s*-\s*/, "")));
}

/**
 * One image's YOLO label file (`<stem>.txt`): `class cx cy w h` per box, or `class x1 y1 x2 y2 ...` per polygon, as
 * fractions of the image size, which are turned into pixels with `size`. Lines that do not parse, name no class, or
 * whose class is in no task of the project are left out and said.
 */
export function parseYoloLabelFile(labelFile: string, text: string, names: readonly string[], tasks: readonly Task[], size: ImageSize): { result: ResultEntry[]; problems: string[] } {
  const taskOf = shapeTaskOf(tasks);
  const result: ResultEntry[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    const where = `${labelFile}, line ${index + 1}`;
    const values = line.trim().split(/\s+/).map(Number);
    const [classIndex, ...coordinates] = values;
    if (values.some((value) => !Number.isFinite(value)) || !Number.isInteger(classIndex) || (coordinates.length !== 4 && (coordinates.length < 6 || coordinates.length % 2))) {
      return problems.push(`${where}: "${line.trim()}" is not a YOLO box (class cx cy w h) or polygon (class x1 y1 x2 y2 ...)`);
    }
    const label = names[classIndex!];
    if (label === undefined) return problems.push(`${where}: class ${classIndex} has no name (the names list ${names.length})`);
    const task = taskOf(label, coordinates.length !== 4);
    if (typeof task === "string") return problems.push(`${where}: ${task}; left out`);
    if (coordinates.length === 4) {
      const [cx, cy, width, height] = coordinates as [number, number, number, number];
      const box = clippedBox((cx - width / 2) * size.width, (cy - height / 2) * size.height, width * size.width, height * size.height, size);
      if (!box) return problems.push(`${where}: the box of "${label}" lies outside the image; left out`);
      return result.push({ task: task.key, type: "bbox", label, ...box });
    }
    const points = Array.from({ length: coordinates.length / 2 }, (_, point): [number, number] => [coordinates[point * 2]! * size.width, coordinates[point * 2 + 1]! * size.height]);
    if (task.type === "polygon") return result.push({ task: task.key, type: "polygon", label, points: clippedPoints(points, size) });
    // A polygon of a class that only a box task has: its bounds.
    const [xs, ys] = [points.map(([x]) => x), points.map(([, y]) => y)];
    const box = clippedBox(Math.min(...xs), Math.min(...ys), Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), size);
    if (!box) return problems.push(`${where}: the outline of "${label}" lies outside the image; left out`);
    result.push({ task: task.key, type: "bbox", label, ...box });
  });
  return { result, problems };
}

// CVAT's XML as fast-xml-parser reads it: attributes under their own names, elements that may repeat always lists.
interface CvatShape {
  label?: string;
  xtl?: string;
  ytl?: string;
  xbr?: string;
  ybr?: string;
  points?: string;
  attribute?: { name?: string; "#text"?: string | number | boolean }[];
}
interface CvatImage {
  name?: string;
  width?: string;
  height?: string;
  box?: CvatShape[];
  polygon?: CvatShape[];
  tag?: CvatShape[];
  polyline?: unknown[];
  points?: unknown[];
  cuboid?: unknown[];
  ellipse?: unknown[];
  mask?: unknown[];
  skeleton?: unknown[];
}
const CVAT_LISTS = new Set(["image", "box", "polygon", "tag", "attribute", "polyline", "points", "cuboid", "ellipse", "mask", "skeleton", "track"]);
const OTHER_CVAT_SHAPES = ["polyline", "points", "cuboid", "ellipse", "mask", "skeleton"] as const;

/**
 * CVAT for images 1.1 (annotations.xml), read as CVAT's own importer reads it (cvat/apps/dataset_manager/formats/cvat.py):
 * each `<image name>` with its `<box xtl ytl xbr ybr>` and `<polygon points="x,y;x,y">` by label to the project's shape
 * tasks, and its `<tag label>` to the classification task with that class (several tags of one task its values). A shape
 * with the attribute `uncertain` = true is uncertain. Tracks (video), and polylines, points, cuboids, ellipses, masks and
 * skeletons, which Concord does not draw, are left out and said.
 */
export function parseCvatLabels(xml: string, tasks: readonly Task[], sizeOf: (file: string) => ImageSize | undefined = () => undefined): DetectionImport {
  let document: { annotations?: { image?: CvatImage[]; track?: unknown[] } };
  try {
    document = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", parseAttributeValue: false, isArray: (name, _path, _leaf, isAttribute) => !isAttribute && CVAT_LISTS.has(name) }).parse(xml, true) as typeof document;
  } catch (error) {
    return { items: [], problems: [`not XML: ${(error as Error).message}`] };
  }
  if (!document.annotations) return { items: [], problems: ["not CVAT for images XML: the root is not <annotations>"] };
  const problems: string[] = [];
  if (document.annotations.track?.length) problems.push(`${document.annotations.track.length} track(s) (CVAT for video) left out: Concord labels images one by one`);
  const taskOf = shapeTaskOf(tasks);
  const items = (document.annotations.image ?? []).flatMap((image, index) => {
    if (!image.name) {
      problems.push(`image ${index + 1} has no name; left out`);
      return [];
    }
    const file = baseName(image.name);
    const size = sizeOf(file) ?? (Number(image.width) > 0 && Number(image.height) > 0 ? { width: Number(image.width), height: Number(image.height) } : undefined);
    const result: ResultEntry[] = [];
    let leftOut = 0;
    const say = (message: string) => (leftOut++, problems.push(`${file}: ${message}`));
    for (const kind of OTHER_CVAT_SHAPES) if (image[kind]?.length) say(`${image[kind].length} ${kind} shape(s) left out: Concord keeps boxes, polygons and tags`);
    const uncertainOf = (shape: CvatShape) => (shape.attribute?.some((attribute) => attribute.name === "uncertain" && String(attribute["#text"]).toLowerCase() === "true") ? { uncertain: true as const } : {});
    for (const box of image.box ?? []) {
      const label = box.label ?? "";
      const task = taskOf(label, false);
      if (typeof task === "string") {
        say(`${task}; a box left out`);
        continue;
      }
      const [left, top, right, bottom] = [box.xtl, box.ytl, box.xbr, box.ybr].map(Number) as [number, number, number, number];
      const clipped = [left, top, right, bottom].every(Number.isFinite) ? clippedBox(left, top, right - left, bottom - top, size) : null;
      if (!clipped) say(`a box of "${label}" has no area inside the image; left out`);
      else result.push({ task: task.key, type: "bbox", label, ...clipped, ...uncertainOf(box) });
    }
    for (const polygon of image.polygon ?? []) {
      const label = polygon.label ?? "";
      const points = (polygon.points ?? "").split(";").map((pair) => pair.split(",").map(Number) as [number, number]);
      if (points.length < 3 || points.some((point) => point.length !== 2 || !point.every(Number.isFinite))) {
        say(`the polygon of "${label}" has no three points x,y; left out`);
        continue;
      }
      const task = taskOf(label, true);
      if (typeof task === "string") {
        say(`${task}; a polygon left out`);
        continue;
      }
      if (task.type === "polygon") {
        result.push({ task: task.key, type: "polygon", label, points: clippedPoints(points, size), ...uncertainOf(polygon) });
        continue;
      }
      const [xs, ys] = [points.map(([x]) => x), points.map(([, y]) => y)];
      const clipped = clippedBox(Math.min(...xs), Math.min(...ys), Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), size);
      if (clipped) result.push({ task: task.key, type: "bbox", label, ...clipped, ...uncertainOf(polygon) });
    }
    result.push(...classificationsOf(image.tag ?? [], tasks, say, uncertainOf));
    return [{ file, result, ...(leftOut ? { leftOut } : {}) }];
  });
  return { items, problems };
}

/**
 * An image's tags as classification entries: each tag's label to the one classification task with that class, or
 * "<task>/<class>" to that task (as Concord's CVAT export names a class two classification tasks share). A tag with
 * the uncertain attribute makes its task's answer uncertain.
 */
function classificationsOf(tags: readonly CvatShape[], tasks: readonly Task[], say: (message: string) => void, uncertainOf: (tag: CvatShape) => { uncertain?: true }): ResultEntry[] {
  const answers = new Map<ClassificationTask, { values: string[]; uncertain: boolean }>();
  const classification = (task: Task): task is ClassificationTask => task.type === "classification";
  for (const tag of tags) {
    const label = tag.label ?? "";
    const slash = label.indexOf("/");
    const named = slash > 0 ? tasks.find((task): task is ClassificationTask => classification(task) && task.key === label.slice(0, slash) && allowedLabels(task).includes(label.slice(slash + 1))) : undefined;
    const found = named ? [named] : tasks.filter((task): task is ClassificationTask => classification(task) && allowedLabels(task).includes(label));
    if (found.length !== 1) {
      say(found.length ? `the tag "${label}" is a class of ${found.length} classification tasks; left out` : `the tag "${label}" is a class of no classification task; left out`);
      continue;
    }
    const task = found[0]!;
    const answer = answers.get(task) ?? { values: [], uncertain: false };
    answer.values.push(named ? label.slice(slash + 1) : label);
    answer.uncertain ||= uncertainOf(tag).uncertain === true;
    answers.set(task, answer);
  }
  return [...answers].flatMap(([task, { values, uncertain }]) => {
    if (values.length > 1 && !task.multiple) {
      say(`${values.length} tags (${values.join(", ")}) for ${task.key}, which takes one class; left out`);
      return [];
    }
    return [{ task: task.key, type: "classification" as const, values, ...(uncertain ? { uncertain } : {}) }];
  });
}
