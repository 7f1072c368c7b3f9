// Label Studio imports: the annotations of a Label Studio JSON export attached to the items uploaded with
// it (matched by file name), each under the Concord account of the person who made it, so that a team
// moving from Label Studio keeps its labels, who made them, and its agreement figures.
import { parseLabelStudioExport } from "@/lib/export/formats";
import { annotationResultSchema } from "@/lib/validation/annotation";
import { CONCORD_VERSION } from "@/lib/version";
import { refreshItemAgreement } from "./agreement";
import { recordAudit } from "./audit";
import type { Caller } from "./auth/caller";
import { db } from "./db/client";
import { AppError } from "./errors";
import { setMemberRole, storedLabelConfig } from "./projects";

export interface LabelStudioOutcome {
  /** Annotations imported. */
  annotations: number;
  /** People who made imported annotations and became labelers of the project for it. */
  newLabelers: string[];
  /** What was left out, and why, naming the task and file. */
  problems: string[];
}

/** Reads the uploaded export; a file that is not JSON stops the whole import before anything is stored. */
export function readLabelStudioExport(name: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError("bad_request", `${name} is not a Label Studio JSON export: ${(error as Error).message}`);
  }
}

// Label Studio names uploaded files with 8 hex digits and a dash before the original name.
const UPLOAD_PREFIX = /^[0-9a-f]{8}-/;

/**
 * File name → item: an item uploaded with the export, else the project's only item of that original name
 * (annotations for items imported earlier); Label Studio's upload prefix is tried without too.
 */
async function itemResolver(projectId: string, uploaded: ReadonlyMap<string, string>, files: string[]): Promise<(file: string) => string | undefined> {
  const names = files.flatMap((file) => [file, file.replace(UPLOAD_PREFIX, "")]).filter((name) => !uploaded.has(name));
  const earlier = await db().item.findMany({ where: { projectId, originalName: { in: [...new Set(names)] } }, select: { id: true, originalName: true } });
  const byName = new Map<string, string | null>();
  for (const item of earlier) byName.set(item.originalName, byName.has(item.originalName) ? null : item.id); // null: ambiguous
  const lookup = (name: string) => uploaded.get(name) ?? byName.get(name) ?? undefined;
  return (file) => lookup(file) ?? lookup(file.replace(UPLOAD_PREFIX, ""));
}

/**
 * Imports the export's annotations onto the items of `itemsByFile` (uploaded name → item id, whether the
 * item is new or was already there). An annotation needs its annotator's Concord account (by email); an
 * annotator who is not yet a member becomes a labeler. A labeler's existing submission is never replaced.
 * Imported annotations count like submitted ones (agreement, consensus, review) and say where they came from.
 */
export async function importLabelStudioAnnotations(caller: Caller, projectId: string, json: unknown, itemsByFile: ReadonlyMap<string, string>, batchId: string | null): Promise<LabelStudioOutcome> {
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true } });
  const { tasks } = storedLabelConfig(project.labelConfig);
  const parsed = parseLabelStudioExport(json, tasks);
  const problems = [...parsed.problems];
  const itemIdOf = await itemResolver(projectId, itemsByFile, parsed.items.map((item) => item.file));

  const emails = [...new Set(parsed.items.flatMap((item) => item.annotations.map((annotation) => annotation.completedBy)))];
  const users = new Map((await db().user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } })).map((user) => [user.email, user.id]));
  const itemIds = parsed.items.map((item) => itemIdOf(item.file)).filter((id): id is string => id !== undefined);
  const [items, submitted, members] = await Promise.all([
    db().item.findMany({ where: { projectId, id: { in: itemIds } }, select: { id: true, width: true, height: true, durationMs: true } }),
    db().annotation.findMany({ where: { itemId: { in: itemIds }, isDraft: false }, distinct: ["itemId", "labelerId"], select: { itemId: true, labelerId: true } }),
    db().membership.findMany({ where: { projectId }, select: { userId: true } }),
  ]);
  const itemById = new Map(items.map((item) => [item.id, item]));
  const labeled = new Set(submitted.map((annotation) => `${annotation.itemId} ${annotation.labelerId}`));

  const accepted: { itemId: string; labelerId: string; result: object[] }[] = [];
  parsed.items.forEach(({ file, annotations }) => {
    const item = itemById.get(itemIdOf(file) ?? "");
    if (!item) {
      if (annotations.length) problems.push(`${file}: no uploaded file and no single item of the project has this name, so its ${annotations.length} annotation(s) were left out`);
      return;
    }
    const media = { width: item.width, height: item.height, durationSeconds: item.durationMs === null ? null : item.durationMs / 1000 };
    for (const { completedBy, result } of annotations) {
      const labelerId = users.get(completedBy);
      if (!labelerId) {
        problems.push(`${file}: the annotator "${completedBy || "(none)"}" has no Concord account with that email; create it and import again`);
        continue;
      }
      if (labeled.has(`${item.id} ${labelerId}`)) {
        problems.push(`${file}: ${completedBy} has already labeled this item; their label in Concord was kept`);
        continue;
      }
      const checked = annotationResultSchema(tasks, media).safeParse(result);
      if (!checked.success) {
        problems.push(`${file}: ${completedBy}'s annotation does not fit the project: ${checked.error.issues[0]!.message}`);
        continue;
      }
      labeled.add(`${item.id} ${labelerId}`);
      accepted.push({ itemId: item.id, labelerId, result: checked.data as object[] });
    }
  });

  const memberIds = new Set(members.map((member) => member.userId));
  const newLabelers = [...new Set(accepted.map((annotation) => annotation.labelerId))].filter((id) => !memberIds.has(id));
  for (const userId of newLabelers) await setMemberRole(caller.user.id, projectId, userId, "labeler");

  const now = new Date();
  await db().$transaction(async (tx) => {
    for (const { itemId, labelerId, result } of accepted) {
      // A submitted assignment, as if labeled here: the item counts as done for this labeler.
      const assignment = await tx.assignment.create({ data: { projectId, itemId, userId: labelerId, status: "submitted", leasedAt: now, expiresAt: now, completedAt: now }, select: { id: true } });
      await tx.annotation.create({
        data: { projectId, itemId, labelerId, assignmentId: assignment.id, result, startedAt: now, submittedAt: now, clientInfo: { importedFrom: "label-studio", importBatchId: batchId, appVersion: CONCORD_VERSION } },
      });
      await tx.item.update({ where: { id: itemId }, data: { submittedCount: { increment: 1 } } });
    }
    await recordAudit(tx, {
      actorId: caller.user.id,
      projectId,
      action: "import.label-studio",
      targetType: "importBatch",
      targetId: batchId ?? projectId,
      data: { annotations: accepted.length, newLabelers: newLabelers.length, problems: problems.length },
    });
  });
  for (const itemId of new Set(accepted.map((annotation) => annotation.itemId))) await refreshItemAgreement(itemId);
  const emailOf = new Map([...users].map(([email, id]) => [id, email]));
  return { annotations: accepted.length, newLabelers: newLabelers.map((id) => emailOf.get(id)!), problems };
}
