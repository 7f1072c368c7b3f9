// Imports of a labeled dataset's existing labels (a COCO annotations file, YOLO label files with their class names, or
// CVAT for images XML) onto the items uploaded with them or already in the project, as one labeler's annotations or
// as gold labels, so that a team can bring a labeled set in and measure its labelers (or a model) against it.
import { parseCocoLabels, parseCvatLabels, parseYoloLabelFile, parseYoloNames, type DetectionImport, type ImageSize } from "@/lib/export/formats/detection-import";
import { annotationResultSchema, mediaBoundsOf, type ResultEntry } from "@/lib/validation/annotation";
import type { Task } from "@/lib/validation/project";
import { CONCORD_VERSION } from "@/lib/version";
import { recordAudit } from "./audit";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db } from "./db/client";
import { AppError } from "./errors";
import { itemResolver, writeImportedAnnotations, type ImportedAnnotation } from "./imported-labels";
import type { TextPart } from "./imports";
import { judgeItemNow } from "./judging";
import { importGoldLabel } from "./review";
import { storedLabelConfig } from "./stored-config";

export type LabelsFormat = "coco" | "yolo" | "cvat";
const FORMAT_NAMES: Record<LabelsFormat, string> = { coco: "COCO", yolo: "YOLO", cvat: "CVAT" };

/** Whose labels they are: a member's annotations (labelsBy, an email) or gold labels (labelsAs=gold). */
export interface LabelsOwner {
  labelsBy?: string;
  labelsAs?: "gold";
}

export interface DatasetLabelsOutcome {
  format: LabelsFormat;
  /** Annotations imported as the labeler's (labelsBy). */
  annotations: number;
  /** Gold labels imported (labelsAs=gold). */
  goldLabels: number;
  /** What was left out, and why, naming the file. */
  problems: string[];
}

/** The labels parts read and checked before anything is stored. */
export interface PreparedLabels {
  format: LabelsFormat;
  tasks: readonly Task[];
  /** The labeler whose annotations they become, or null: gold labels. */
  labeler: { id: string; email: string } | null;
  /** COCO's parsed JSON or CVAT's XML, with its file name. */
  document?: { name: string; content: unknown };
  /** YOLO: the class names and the label files. */
  yolo?: { names: string[]; labelFiles: TextPart[] };
}

const isNamesFile = (name: string) => /\.ya?ml$/i.test(name) || name.toLowerCase() === "classes.txt";

/**
 * Reads the `labels` parts: one COCO .json, one CVAT .xml, or YOLO .txt label files with one names file (data.yaml
 * or classes.txt); checks whose labels they are (labelsBy: a member of the project; labelsAs=gold: the caller reviews).
 * Anything wrong is a 400 before a file is stored.
 */
export async function prepareDatasetLabels(caller: Caller, projectId: string, parts: TextPart[], { labelsBy, labelsAs }: LabelsOwner): Promise<PreparedLabels | null> {
  if (!parts.length) {
    if (labelsBy || labelsAs) throw new AppError("bad_request", 'labelsBy and labelsAs say whose labels the "labels" parts are; send the label files as "labels" parts.');
    return null;
  }
  if (Boolean(labelsBy) === Boolean(labelsAs)) {
    throw new AppError("bad_request", 'Say whose labels the "labels" parts are: labelsBy=<email of a labeler of the project> or labelsAs=gold (exactly one). Nothing was imported.');
  }
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true } });
  const { tasks } = storedLabelConfig(project.labelConfig);
  let labeler: PreparedLabels["labeler"] = null;
  if (labelsBy) {
    const member = await db().membership.findFirst({ where: { projectId, user: { email: labelsBy, disabledAt: null } }, select: { user: { select: { id: true, email: true } } } });
    if (!member) throw new AppError("bad_request", `labelsBy: ${labelsBy} is not a labeler of this project; add them first, or import the labels as gold (labelsAs=gold). Nothing was imported.`);
    labeler = member.user;
  } else await requireProjectRole(caller, projectId, "reviewer");

  const names = parts.map((part) => part.name).join(", ");
  const mixed = () => new AppError("bad_request", `The labels parts (${names}) are not one COCO .json, one CVAT .xml, or YOLO .txt label files with their data.yaml or classes.txt. Nothing was imported.`);
  if (parts.length === 1 && /\.json$/i.test(parts[0]!.name)) {
    const [part] = parts as [TextPart];
    try {
      return { format: "coco", tasks, labeler, document: { name: part.name, content: JSON.parse(part.text) } };
    } catch (error) {
      throw new AppError("bad_request", `${part.name} is not a COCO annotations file (JSON): ${(error as Error).message}. Nothing was imported.`);
    }
  }
  if (parts.length === 1 && /\.xml$/i.test(parts[0]!.name)) return { format: "cvat", tasks, labeler, document: { name: parts[0]!.name, content: parts[0]!.text } };
  const namesFiles = parts.filter((part) => isNamesFile(part.name));
  const labelFiles = parts.filter((part) => !isNamesFile(part.name));
  if (namesFiles.length !== 1 || !labelFiles.every((part) => /\.txt$/i.test(part.name))) throw mixed();
  try {
    return { format: "yolo", tasks, labeler, yolo: { names: parseYoloNames(namesFiles[0]!.name, namesFiles[0]!.text), labelFiles } };
  } catch (error) {
    throw new AppError("bad_request", `${namesFiles[0]!.name}: ${(error as Error).message}. Nothing was imported.`);
  }
}

// Image names a YOLO label file `<stem>.txt` may stand for among the project's earlier items.
const IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff"];
const stemOf = (name: string) => name.replace(/\.[^.]*$/, "");

/**
 * Imports the prepared labels onto the items sent with them (`uploaded`: name → item id; `sent`: every name sent) or
 * the project's items of that name. A labeler's labels become their submitted annotations of the items they have not
 * labeled or skipped yet; gold labels become the importing user's decisions on items without one. Shapes that do not
 * fit the project's tasks or the image are left out; everything left out is said.
 */
export async function importDatasetLabels(
  caller: Caller,
  projectId: string,
  prepared: PreparedLabels,
  uploaded: ReadonlyMap<string, string>,
  sent: ReadonlySet<string>,
  batchId: string | null,
): Promise<DatasetLabelsOutcome> {
  const { format, tasks, labeler } = prepared;
  const problems: string[] = [];
  // The dataset's image names (for YOLO, the images a label file `<stem>.txt` may stand for), matched to items first:
  // shapes are read with the item's size, to which they are clipped.
  const parse = (sizeOf?: (file: string) => ImageSize | undefined): DetectionImport =>
    format === "coco" ? parseCocoLabels(prepared.document!.content, tasks, sizeOf) : parseCvatLabels(prepared.document!.content as string, tasks, sizeOf);
  const stems = new Map<string, string[]>();
  for (const name of sent) stems.set(stemOf(name), [...(stems.get(stemOf(name)) ?? []), name]);
  const imagesOf = (labelFile: string) => stems.get(stemOf(labelFile)) ?? IMAGE_EXTENSIONS.flatMap((extension) => [`${stemOf(labelFile)}.${extension}`, `${stemOf(labelFile)}.${extension.toUpperCase()}`]);
  const names = prepared.yolo ? prepared.yolo.labelFiles.flatMap((part) => imagesOf(part.name)) : parse().items.map((item) => item.file);
  const itemIdOf = await itemResolver(projectId, uploaded, sent, names);
  const itemIds = [...new Set(names.map(itemIdOf).filter((id): id is string => id !== undefined))];
  const [items, taken] = await Promise.all([
    db().item.findMany({ where: { projectId, id: { in: itemIds } }, select: { id: true, projectId: true, width: true, height: true, durationMs: true } }),
    labeler ? db().assignment.findMany({ where: { itemId: { in: itemIds }, userId: labeler.id, status: { in: ["submitted", "skipped"] }, isRevision: false }, select: { itemId: true } }) : [],
  ]);
  const itemById = new Map(items.map((item) => [item.id, item]));
  const itemOf = (file: string) => itemById.get(itemIdOf(file) ?? "");
  const sizeOf = (file: string) => {
    const item = itemOf(file);
    return item?.width && item.height ? { width: item.width, height: item.height } : undefined;
  };

  const found: { file: string; labelFile: string; result: ResultEntry[]; leftOut: number }[] = [];
  if (prepared.yolo) {
    for (const part of prepared.yolo.labelFiles) {
      const file = imagesOf(part.name).find((name) => itemOf(name)) ?? `${stemOf(part.name)}.*`;
      const size = sizeOf(file);
      if (!itemOf(file)) problems.push(`${part.name}: no uploaded image and no single item of the project is named ${stemOf(part.name)} with an image extension, so its labels were left out`);
      else if (!size) problems.push(`${part.name}: the size of ${file} is unknown, so its YOLO labels (fractions of the size) were left out`);
      else {
        const read = parseYoloLabelFile(part.name, part.text, prepared.yolo.names, tasks, size);
        problems.push(...read.problems);
        found.push({ file, labelFile: part.name, result: read.result, leftOut: read.problems.length });
      }
    }
  } else {
    const read = parse(sizeOf);
    const labelFile = prepared.document!.name;
    problems.push(...read.problems.map((problem) => `${labelFile}: ${problem}`));
    for (const { file, result, leftOut = 0 } of read.items) {
      if (itemOf(file)) found.push({ file, labelFile, result, leftOut });
      else problems.push(`${labelFile}: ${file}: ${sent.has(file) ? "the file of this name was refused (see rejected)" : "no uploaded file and no single item of the project has this name"}, so its labels were left out`);
    }
  }

  const labeled = new Set(taken.map((assignment) => assignment.itemId));
  const client = { importedFrom: format, importBatchId: batchId, appVersion: CONCORD_VERSION };
  const accepted: ImportedAnnotation[] = [];
  const gold: { item: { id: string; projectId: string }; file: string; labelFile: string; result: ResultEntry[] }[] = [];
  const now = new Date();
  for (const { file, labelFile, result, leftOut } of found) {
    const item = itemOf(file)!;
    const kept = fitting(result, tasks, item, (reason) => problems.push(`${labelFile}: ${file}: ${reason}; left out`));
    if (!kept) continue;
    // Nothing drawn is an answer ("nothing here") only when the dataset has nothing for the image either.
    if (!kept.length && (leftOut || result.length)) {
      problems.push(`${labelFile}: ${file}: every label of it was left out, so it was not imported as an image with nothing in it`);
      continue;
    }
    if (!labeler) gold.push({ item, file, labelFile, result: kept });
    else if (labeled.has(item.id)) problems.push(`${labelFile}: ${file}: ${labeler.email} has already labeled or skipped this item; their label in Concord was kept`);
    else {
      labeled.add(item.id);
      accepted.push({ itemId: item.id, labelerId: labeler.id, result: kept, submittedAt: now, activeMs: 0, clientInfo: { ...client, labelFile } });
    }
  }

  const annotations = await writeImportedAnnotations(projectId, accepted, problems);
  for (const itemId of new Set(accepted.map((annotation) => annotation.itemId))) await judgeItemNow(projectId, itemId, "import");
  let goldLabels = 0;
  for (const { item, file, labelFile, result } of gold) {
    if (await importGoldLabel(caller, item, result, `Gold label imported from ${FORMAT_NAMES[format]} (${labelFile}, ${file}, import ${batchId ?? "without files"})`, { ...client, labelFile })) goldLabels++;
    else problems.push(`${labelFile}: ${file}: the item already has a reviewer's decision, which was kept; the gold label was not imported`);
  }
  await recordAudit(db(), {
    actorId: caller.user.id,
    projectId,
    action: "import.labels",
    targetType: "importBatch",
    targetId: batchId ?? projectId,
    data: { format, labeler: labeler?.email ?? null, annotations, goldLabels, problems: problems.length },
  });
  return { format, annotations, goldLabels, problems };
}

/** The entries that fit the project's tasks and the item (as an import is checked); each one that does not is said. */
function fitting(result: ResultEntry[], tasks: readonly Task[], item: { width: number | null; height: number | null; durationMs: number | null }, leftOut: (reason: string) => void): ResultEntry[] | null {
  const check = annotationResultSchema(tasks, mediaBoundsOf(item), "import").safeParse(result);
  if (check.success) return result;
  const invalid = new Set<number>();
  for (const issue of check.error.issues) {
    const [index] = issue.path;
    // An issue of the whole answer (not of one shape) leaves all of it out.
    if (typeof index !== "number") return leftOut(`all of it: ${issue.message}`), null;
    invalid.add(index);
    leftOut(`${result[index]!.task}: ${issue.message}`);
  }
  return result.filter((_, index) => !invalid.has(index));
}
