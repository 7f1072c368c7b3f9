import { requireProjectRole, type Caller } from "./auth/caller";
import { currentTarget, db } from "./db/client";
import { AppError } from "./errors";
import { absoluteMediaPath, derivedPaths } from "./media/store";
import type { MetadataValue } from "./manifest";
import { parseInput } from "@/lib/validation/parse";
import { itemListQuerySchema } from "@/lib/validation/items";

export interface ItemView {
  id: string;
  projectId: string;
  originalName: string;
  mimeType: string;
  sha256: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  submittedCount: number;
  metadata: Record<string, MetadataValue>;
  source: string | null;
  importBatchId: string | null;
  createdAt: Date;
  mediaUrl: string;
  thumbnailUrl: string | null;
  peaksUrl: string | null;
}

export const itemFields = {
  id: true,
  projectId: true,
  originalName: true,
  mimeType: true,
  sha256: true,
  sizeBytes: true,
  width: true,
  height: true,
  durationMs: true,
  submittedCount: true,
  metadata: true,
  source: true,
  importBatchId: true,
  createdAt: true,
  mediaPath: true,
} as const;

type ItemRow = Omit<ItemView, "mediaUrl" | "thumbnailUrl" | "peaksUrl" | "metadata"> & { metadata: unknown; mediaPath: string };

/** What callers see of an item: where its files are served, never where they are stored. */
export function itemView({ mediaPath: _stored, ...row }: ItemRow): ItemView {
  const isImage = row.mimeType.startsWith("image/");
  return {
    ...row,
    metadata: row.metadata as Record<string, MetadataValue>,
    mediaUrl: `/api/v1/items/${row.id}/media`,
    thumbnailUrl: isImage ? `/api/v1/items/${row.id}/thumbnail` : null,
    peaksUrl: isImage ? null : `/api/v1/items/${row.id}/peaks`,
  };
}

/** Values from a query string match text, and numbers or booleans written the same way. */
function metadataEquals(key: string, raw: string) {
  const candidates: MetadataValue[] = [raw];
  if (raw.trim() !== "" && Number.isFinite(Number(raw))) candidates.push(Number(raw));
  if (raw === "true" || raw === "false") candidates.push(raw === "true");
  // Prisma addresses JSON fields differently per provider: a JSON path on SQLite, a key list on PostgreSQL.
  const path = currentTarget().provider === "sqlite" ? `$.${JSON.stringify(key)}` : [key];
  return { OR: candidates.map((value) => ({ metadata: { path, equals: value } })) } as object;
}

async function progressFilter(projectId: string, status: "unlabeled" | "in_progress" | "complete"): Promise<object> {
  const { overlap } = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { overlap: true } });
  if (status === "unlabeled") return { submittedCount: 0 };
  return status === "complete" ? { submittedCount: { gte: overlap } } : { submittedCount: { gt: 0, lt: overlap } };
}

/**
 * A page of a project's items, oldest first. Query parameters `meta.<key>=<value>` filter on item
 * metadata and `status` on labeling progress; `cursor` is the `nextCursor` of the previous page.
 */
/** The `meta.<key>=<value>` parameters of a query string as database filters. */
export function metadataFilters(query: URLSearchParams): object[] {
  return [...query].filter(([key]) => key.startsWith("meta.") && key.length > 5).map(([key, value]) => metadataEquals(key.slice(5), value));
}

export async function listItems(caller: Caller, projectId: string, query: URLSearchParams): Promise<{ items: ItemView[]; nextCursor: string | null }> {
  await requireProjectRole(caller, projectId, "reviewer");
  const plain = Object.fromEntries([...query].filter(([key]) => !key.startsWith("meta.")));
  const { cursor, limit, status } = parseInput(itemListQuerySchema, plain);
  const filters = metadataFilters(query);
  if (status) filters.push(await progressFilter(projectId, status));
  const rows = await db().item.findMany({
    where: { projectId, AND: filters },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: itemFields,
  });
  const page = rows.slice(0, limit);
  return { items: page.map(itemView), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
}

/** An item row the caller may see (any member of its project); others get 404, as if it did not exist. */
export async function visibleItemRow(caller: Caller, itemId: string): Promise<ItemRow> {
  const item = await db().item.findUnique({ where: { id: itemId }, select: itemFields });
  if (!item) throw new AppError("not_found", "No such item.");
  try {
    await requireProjectRole(caller, item.projectId, "labeler");
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw new AppError("not_found", "No such item.");
    throw error;
  }
  return item;
}

/** An item the caller may see: any member of its project. Others get 404, as if it did not exist. */
export async function getItem(caller: Caller, itemId: string): Promise<ItemView> {
  return itemView(await visibleItemRow(caller, itemId));
}

export type MediaVariant = "media" | "thumbnail" | "peaks";

/** Where one of an item's files is on disk, with its type and a validator for caching. */
export async function itemFile(caller: Caller, itemId: string, variant: MediaVariant): Promise<{ file: string; mimeType: string; etag: string }> {
  const item = await visibleItemRow(caller, itemId);
  const isImage = item.mimeType.startsWith("image/");
  const derived = derivedPaths(item.projectId, item.sha256);
  if (variant === "media") return { file: absoluteMediaPath(item.mediaPath), mimeType: item.mimeType, etag: item.sha256 };
  if (variant === "thumbnail" && isImage) return { file: absoluteMediaPath(derived.thumbnail), mimeType: "image/webp", etag: `${item.sha256}-thumb` };
  if (variant === "peaks" && !isImage) return { file: absoluteMediaPath(derived.peaks), mimeType: "application/json", etag: `${item.sha256}-peaks` };
  throw new AppError("not_found", variant === "peaks" ? "Images have no waveform peaks." : "Audio items have no thumbnail.");
}
