// What every import of existing labels shares (Label Studio exports, COCO, YOLO and CVAT datasets): finding the item a
// file name means, and writing the annotations with their submitted assignments so they count like submitted ones.
import { randomUUID } from "node:crypto";
import { itemName } from "@/lib/validation/item-name";
import { db } from "./db/client";
import { isUniqueViolation } from "./errors";
import { moveInQueue } from "./queue";
import { refreshItemStatistics } from "./statistics";

/**
 * File name → item: an item uploaded with the labels (`uploaded`: name → id; `sent`: every name sent, refused ones
 * too), else the project's only item of that original name (labels for items imported earlier); `alternative` names
 * another spelling to try (Label Studio's upload prefix removed). A name sent in this upload that did not become an
 * item (refused) never falls back to an older item of the same name.
 */
export async function itemResolver(
  projectId: string,
  uploaded: ReadonlyMap<string, string>,
  sent: ReadonlySet<string>,
  files: string[],
  alternative: (file: string) => string = (file) => file,
): Promise<(file: string) => string | undefined> {
  const names = files.flatMap((file) => [file, alternative(file)].map(itemName)).filter((name) => !sent.has(name));
  const earlier = await db().item.findMany({ where: { projectId, originalName: { in: [...new Set(names)] } }, select: { id: true, originalName: true } });
  const byName = new Map<string, string | null>();
  for (const item of earlier) byName.set(item.originalName, byName.has(item.originalName) ? null : item.id); // null: ambiguous
  const lookup = (name: string) => (sent.has(name) ? uploaded.get(name) : (byName.get(name) ?? undefined));
  // Named as items are (itemName): an uploaded file named with spaces around it is found by the labels' name too.
  return (file) => lookup(itemName(file)) ?? lookup(itemName(alternative(file)));
}

/** An annotation to import: a labeler's submitted answer of an item, with where it came from (clientInfo). */
export interface ImportedAnnotation {
  itemId: string;
  labelerId: string;
  result: object[];
  submittedAt: Date;
  activeMs: number;
  clientInfo: Record<string, unknown>;
}

// Annotations written per transaction: a big import never holds SQLite's write lock for long.
const CHUNK = 200;

/**
 * Writes the annotations in chunks, each in one transaction; a chunk that meets a labeler submitting one of its items
 * at this moment is left out (said in `problems`) and the rest goes on. Returns how many were written.
 */
export async function writeImportedAnnotations(projectId: string, annotations: readonly ImportedAnnotation[], problems: string[]): Promise<number> {
  let imported = 0;
  for (let start = 0; start < annotations.length; start += CHUNK) {
    const chunk = annotations.slice(start, start + CHUNK);
    try {
      await writeChunk(projectId, chunk);
      imported += chunk.length;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      problems.push(`${chunk.length} annotation(s) were left out because someone labeled one of their items meanwhile; import the same file again to add them`);
    }
  }
  return imported;
}

/** One transaction: each annotation with a submitted assignment (the item counts as done for its labeler). */
async function writeChunk(projectId: string, chunk: readonly ImportedAnnotation[]): Promise<void> {
  const rows = chunk.map((annotation) => ({ ...annotation, assignmentId: randomUUID() }));
  const perItem = new Map<string, number>();
  for (const { itemId } of rows) perItem.set(itemId, (perItem.get(itemId) ?? 0) + 1);
  await db().$transaction(async (tx) => {
    await tx.assignment.createMany({
      data: rows.map(({ assignmentId, itemId, labelerId, submittedAt }) => ({ id: assignmentId, projectId, itemId, userId: labelerId, status: "submitted" as const, leasedAt: submittedAt, expiresAt: submittedAt, completedAt: submittedAt })),
    });
    await tx.annotation.createMany({
      data: rows.map(({ assignmentId, itemId, labelerId, result, submittedAt, activeMs, clientInfo }) => ({
        projectId,
        itemId,
        labelerId,
        assignmentId,
        result,
        startedAt: new Date(submittedAt.getTime() - activeMs),
        submittedAt,
        activeMs,
        clientInfo: clientInfo as object,
      })),
    });
    for (const [itemId, count] of perItem) {
      await moveInQueue(tx, itemId, { submitted: count });
      await refreshItemStatistics(tx, itemId);
    }
  });
}
