// Tags for error analysis ("car noise", "blurry", "scratch near edge"): project-wide, with a description, several per
// item, added by reviewers and managers as they look at a model's errors. Each tag keeps its item count, changed in
// the same transaction as its items, so listing tags reads no item.
import { addTagsSchema, tagDescriptionSchema, tagNameSchema } from "@/lib/validation/predictions";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "./audit";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db } from "./db/client";
import { AppError, isUniqueViolation } from "./errors";

export interface TagSummary {
  name: string;
  description: string;
  items: number;
}

/** Most tags a project lists: tags are a vocabulary people choose from, not data. */
export const MAX_TAGS_LISTED = 1000;

/** The project's tags with their item counts, most used first (reviewers and managers). */
export async function listTags(caller: Caller, projectId: string): Promise<TagSummary[]> {
  await requireProjectRole(caller, projectId, "reviewer");
  const rows = await db().tag.findMany({ where: { projectId }, orderBy: [{ itemCount: "desc" }, { name: "asc" }], take: MAX_TAGS_LISTED, select: { name: true, description: true, itemCount: true } });
  return rows.map((row) => ({ name: row.name, description: row.description, items: row.itemCount }));
}

/** The tag's row, made when first used (two requests making it at once find one). */
async function tagId(projectId: string, name: string): Promise<string> {
  const where = { projectId_name: { projectId, name } };
  for (let attempt = 0; ; attempt++) {
    const existing = await db().tag.findUnique({ where, select: { id: true } });
    if (existing) return existing.id;
    try {
      return (await db().tag.create({ data: { projectId, name }, select: { id: true } })).id;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt > 0) throw error;
    }
  }
}

async function projectOfItem(itemId: string): Promise<string> {
  const item = await db().item.findUnique({ where: { id: itemId }, select: { projectId: true } });
  if (!item) throw new AppError("not_found", "No such item.");
  return item.projectId;
}

/** An item's tags, in the order they were added. */
export async function itemTags(itemId: string): Promise<string[]> {
  const rows = await db().itemTag.findMany({ where: { itemId }, orderBy: { createdAt: "asc" }, select: { tag: { select: { name: true } } } });
  return rows.map((row) => row.tag.name);
}

/**
 * Adds tags to an item (reviewers and managers), making the tags the project lacks; a tag the item has stays as it
 * is. `source` says where it came from (a person, an import, a metadata value). Returns the item's tags.
 */
export async function addItemTags(caller: Caller, itemId: string, input: unknown, source: "manual" | "import" | "metadata" = "manual"): Promise<{ tags: string[] }> {
  const projectId = await projectOfItem(itemId);
  await requireProjectRole(caller, projectId, "reviewer");
  const { tags } = parseInput(addTagsSchema, input);
  const added: string[] = [];
  for (const name of new Set(tags)) {
    const id = await tagId(projectId, name);
    try {
      // One transaction per tag: the row and its count change together, and a tag someone added meanwhile is kept.
      await db().$transaction([
        db().itemTag.create({ data: { itemId, tagId: id, source, createdById: caller.user.id } }),
        db().tag.update({ where: { id }, data: { itemCount: { increment: 1 } } }),
      ]);
      added.push(name);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  if (added.length) await recordAudit(db(), { actorId: caller.user.id, projectId, action: "item.tag", targetType: "item", targetId: itemId, data: { added, source } });
  return { tags: await itemTags(itemId) };
}

/** Removes one tag from an item (reviewers and managers); the tag stays in the project's list. */
export async function removeItemTag(caller: Caller, itemId: string, name: string): Promise<{ tags: string[] }> {
  const projectId = await projectOfItem(itemId);
  await requireProjectRole(caller, projectId, "reviewer");
  const tag = await db().tag.findUnique({ where: { projectId_name: { projectId, name: parseInput(tagNameSchema, name) } }, select: { id: true } });
  if (!tag) throw new AppError("not_found", `This project has no tag "${name}".`);
  const removed = await db().$transaction(async (tx) => {
    const { count } = await tx.itemTag.deleteMany({ where: { itemId, tagId: tag.id } });
    // Moves updatedAt too, which tells evaluations by tag that they are stale.
    await tx.tag.update({ where: { id: tag.id }, data: { itemCount: { decrement: count } } });
    return count;
  });
  if (!removed) throw new AppError("not_found", `This item has no tag "${name}".`);
  await recordAudit(db(), { actorId: caller.user.id, projectId, action: "item.untag", targetType: "item", targetId: itemId, data: { removed: name } });
  return { tags: await itemTags(itemId) };
}

/** Says what a tag means (reviewers and managers), making it when the project lacks it. */
export async function describeTag(caller: Caller, projectId: string, input: unknown): Promise<TagSummary> {
  await requireProjectRole(caller, projectId, "reviewer");
  const { name, description } = parseInput(tagDescriptionSchema, input);
  const id = await tagId(projectId, name);
  const row = await db().tag.update({ where: { id }, data: { description }, select: { name: true, description: true, itemCount: true } });
  await recordAudit(db(), { actorId: caller.user.id, projectId, action: "tag.describe", targetType: "tag", targetId: id, data: { name, description } });
  return { name: row.name, description: row.description, items: row.itemCount };
}
