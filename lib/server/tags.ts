// Tags for error analysis ("car noise", "blurry", "scratch near edge"): project-wide, with a description, several per
// item, added by reviewers and managers as they look at a model's errors. Each tag keeps its item count, changed in
// the same transaction as its items, so listing tags reads no item.
import { addTagsSchema, tagDescriptionSchema, tagFromMetadataSchema, tagNameSchema, type TagFromMetadata } from "@/lib/validation/predictions";
import { parseInput } from "@/lib/validation/parse";
import { recordAudit } from "./audit";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db } from "./db/client";
import { AppError, isUniqueViolation } from "./errors";
import { defineJob } from "./jobs";

export type TagSource = "manual" | "import" | "metadata";

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
  return (await tagsOfItems([itemId])).get(itemId) ?? [];
}

/** The tags of a page of items (one read), each item's in the order they were added; an untagged item is absent. */
export async function tagsOfItems(itemIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await db().itemTag.findMany({ where: { itemId: { in: [...itemIds] } }, orderBy: [{ createdAt: "asc" }, { tagId: "asc" }], select: { itemId: true, tag: { select: { name: true } } } });
  const tags = new Map<string, string[]>();
  for (const row of rows) tags.set(row.itemId, [...(tags.get(row.itemId) ?? []), row.tag.name]);
  return tags;
}

/**
 * Adds tags to an item (reviewers and managers), making the tags the project lacks; a tag the item has stays as it
 * is. `source` says where it came from (a person, an import, a metadata value). Returns the item's tags.
 */
export async function addItemTags(caller: Caller, itemId: string, input: unknown, source: TagSource = "manual"): Promise<{ tags: string[] }> {
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

/** Items tagged per transaction by tagItems: one bounded read and one write each. */
const TAG_CHUNK = 500;

/**
 * Gives one tag to many items of the project (an import's manifest, a metadata value), making the tag when the
 * project lacks it; an item that has the tag keeps it as it was, so running it again adds nothing. The tag's item
 * count grows with the rows added, in the same transaction. Returns how many items it tagged.
 */
export async function tagItems(projectId: string, name: string, itemIds: readonly string[], source: TagSource, createdById: string | null): Promise<number> {
  if (!itemIds.length) return 0;
  const id = await tagId(projectId, name);
  let added = 0;
  for (let start = 0; start < itemIds.length; start += TAG_CHUNK) {
    const chunk = [...new Set(itemIds.slice(start, start + TAG_CHUNK))];
    for (let attempt = 0; ; attempt++) {
      try {
        added += await db().$transaction(async (tx) => {
          const tagged = new Set((await tx.itemTag.findMany({ where: { tagId: id, itemId: { in: chunk } }, select: { itemId: true } })).map((row) => row.itemId));
          const fresh = chunk.filter((itemId) => !tagged.has(itemId));
          if (!fresh.length) return 0;
          await tx.itemTag.createMany({ data: fresh.map((itemId) => ({ itemId, tagId: id, source, createdById })) });
          await tx.tag.update({ where: { id }, data: { itemCount: { increment: fresh.length } } });
          return fresh.length;
        });
        break;
      } catch (error) {
        // Someone tagged one of these items meanwhile: the chunk is read again.
        if (!isUniqueViolation(error) || attempt > 0) throw error;
      }
    }
  }
  return added;
}

/** Items whose metadata the job reads at a time, in id order. */
const METADATA_PAGE = 1000;

/** Tags the items whose metadata[key] is the value, a page of items at a time: the project may have a million. */
async function tagFromMetadata({ projectId, key, value, tag, userId }: TagFromMetadata & { projectId: string; userId: string }): Promise<number> {
  let tagged = 0;
  for (let after = ""; ; ) {
    const page = await db().item.findMany({ where: { projectId, id: { gt: after } }, orderBy: { id: "asc" }, take: METADATA_PAGE, select: { id: true, metadata: true } });
    if (!page.length) break;
    const matching = page.filter((item) => {
      const metadata = item.metadata as Record<string, unknown>;
      return Object.hasOwn(metadata, key) && metadata[key] === value;
    });
    tagged += await tagItems(projectId, tag, matching.map((item) => item.id), "metadata", userId);
    after = page.at(-1)!.id;
  }
  return tagged;
}

const tagFromMetadataJob = defineJob<TagFromMetadata & { projectId: string; userId: string }>({
  name: "tag-from-metadata",
  // One job per project, tag and metadata value: asking again while it waits is the same job.
  key: (data) => `${data.projectId}:${data.tag}:${data.key}=${JSON.stringify(data.value)}`,
  run: async (data) => {
    const tagged = await tagFromMetadata(data);
    await recordAudit(db(), { actorId: data.userId, projectId: data.projectId, action: "tag.from-metadata.done", targetType: "project", targetId: data.projectId, data: { ...data, tagged } });
  },
});

/**
 * Starts tagging every item whose metadata[key] equals the value (reviewers and managers): a job, since it reads every
 * item of the project. Items that have the tag keep it, so asking again tags only items that have gained the value.
 */
export async function startTagFromMetadata(caller: Caller, projectId: string, input: unknown): Promise<{ status: "queued" } & TagFromMetadata> {
  await requireProjectRole(caller, projectId, "reviewer");
  const request = parseInput(tagFromMetadataSchema, input);
  // Made now, so the project's tag list shows it while the job runs.
  await tagId(projectId, request.tag);
  await recordAudit(db(), { actorId: caller.user.id, projectId, action: "tag.from-metadata", targetType: "project", targetId: projectId, data: request });
  await tagFromMetadataJob.send({ ...request, projectId, userId: caller.user.id });
  return { status: "queued", ...request };
}
