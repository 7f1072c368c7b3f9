import { Prisma } from "@/lib/generated/prisma-sqlite/client";
import { requireProjectRole, type Caller } from "./auth/caller";
import { currentTarget, db } from "./db/client";
import { AppError } from "./errors";
import { isBigImage, BIG_IMAGE_SIDE } from "@/lib/labeling/tiles";
import { imageRenditionsJob } from "./media/renditions";
import { derivedPaths, tileKey } from "./media/store";
import type { MetadataValue } from "./manifest";
import { parseInput } from "@/lib/validation/parse";
import { itemListQuerySchema, metadataFiltersSchema, type ItemProgress } from "@/lib/validation/items";
import { classificationAnswer, givesAnswer } from "@/lib/quality/item-agreement";
import type { ReviewState } from "@/lib/review/final-label";
import { isUncertain, uncertainClassesOf } from "@/lib/review/uncertainty";
import type { ResultEntry } from "@/lib/validation/annotation";
import { finalResults } from "./final-labels";
import { latestAnnotations } from "./latest-annotations";
import { storedLabelConfig, storedStandardization } from "./stored-config";
import { tagsOfItems } from "./tags";

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
  /** A big image's screen-sized rendition (lib/labeling/tiles.ts): shown first, in the original's coordinates. */
  renditionUrl: string | null;
  /** A big image's Deep Zoom descriptor, once its tiles are made; the tiles are under `tiles/<level>/<col>_<row>.<format>`. */
  tilesUrl: string | null;
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
  renditionPath: true,
  tilesPath: true,
} as const;

type ItemRow = Omit<ItemView, "mediaUrl" | "thumbnailUrl" | "peaksUrl" | "renditionUrl" | "tilesUrl" | "metadata"> & {
  metadata: unknown;
  mediaPath: string;
  renditionPath: string | null;
  tilesPath: string | null;
};

/** What callers see of an item: where its files are served, never where they are stored. */
export function itemView({ mediaPath: _stored, renditionPath: _rendition, tilesPath, ...row }: ItemRow): ItemView {
  const isImage = row.mimeType.startsWith("image/");
  return {
    ...row,
    metadata: row.metadata as Record<string, MetadataValue>,
    mediaUrl: `/api/v1/items/${row.id}/media`,
    thumbnailUrl: isImage ? `/api/v1/items/${row.id}/thumbnail` : null,
    peaksUrl: isImage ? null : `/api/v1/items/${row.id}/peaks`,
    // Every big image has one: one imported before renditions existed gets it made at its first request.
    renditionUrl: isImage && isBigImage(row.width, row.height) ? `/api/v1/items/${row.id}/rendition` : null,
    tilesUrl: tilesPath ? `/api/v1/items/${row.id}/tiles` : null,
  };
}

/**
 * Values from a query string match text, and numbers or booleans written the same way; "null" (how the
 * dashboard writes a null value) also matches items whose value is null or missing.
 */
function metadataEquals(key: string, raw: string) {
  const candidates: (MetadataValue | typeof Prisma.AnyNull)[] = [raw];
  if (raw.trim() !== "" && Number.isFinite(Number(raw))) candidates.push(Number(raw));
  if (raw === "true" || raw === "false") candidates.push(raw === "true");
  if (raw === "null") candidates.push(Prisma.AnyNull);
  // Prisma addresses JSON fields differently per provider: a JSON path on SQLite, a key list on PostgreSQL.
  const path = currentTarget().provider === "sqlite" ? `$.${JSON.stringify(key)}` : [key];
  return { OR: candidates.map((value) => ({ metadata: { path, equals: value } })) } as object;
}

/** Text containing `text` regardless of case: SQLite's LIKE ignores ASCII case already, PostgreSQL is told to. */
function textContains(text: string): object {
  return currentTarget().provider === "sqlite" ? { contains: text } : { contains: text, mode: "insensitive" };
}

async function progressFilter(projectId: string, status: NonNullable<ItemListQuery["status"]>): Promise<object> {
  if (status === "labeled") return { submittedCount: { gt: 0 } };
  if (status === "compared") return { submittedCount: { gte: 2 } };
  const { overlap } = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { overlap: true } });
  if (status === "unlabeled") return { submittedCount: 0 };
  return status === "complete" ? { submittedCount: { gte: overlap } } : { submittedCount: { gt: 0, lt: overlap } };
}

/** The `meta.<key>=<value>` parameters of a query string (at most MAX_METADATA_FILTERS) as database filters. */
export function metadataFilters(query: URLSearchParams): object[] {
  const pairs = [...query].filter(([key]) => key.startsWith("meta.") && key.length > 5).map(([key, value]) => [key.slice(5), value]);
  return parseInput(metadataFiltersSchema, { meta: pairs }).meta.map(([key, value]) => metadataEquals(key, value));
}

export interface ItemListEntry extends ItemView {
  reviewState: ReviewState;
  reviewScore: number | null;
}

/** An item in the list, with its discussion's counters. */
interface DiscussedEntry extends ItemListEntry {
  openDiscussions: number;
  commentCount: number;
}

/** An item as the item list answers it: with its tags and its discussion's counters. */
export interface ListedItem extends DiscussedEntry {
  tags: string[];
}

type ItemListQuery = ReturnType<typeof itemListQuerySchema.parse>;

const DAY_MS = 86_400_000;
const utcDay = (day: string) => {
  const start = new Date(`${day}T00:00:00Z`);
  return { start, end: new Date(start.getTime() + DAY_MS) };
};
/** Items with a first submission (someone's revision 1, or `labelerId`'s) within `submittedAt`, or, with `none`, without any there. */
const firstSubmissions = (submittedAt: { gte?: Date; lt?: Date }, quantifier: "some" | "none" = "some", labelerId?: string) => ({
  annotations: { [quantifier]: { isDraft: false, revision: 1, submittedAt, ...(labelerId ? { labelerId } : {}) } },
});

/** Undecided items a review session holds: the "in review" ones, told apart from those still waiting for a session. */
/** Items a review session holds: a join on the session's rows, whatever the number of sessions. */
const HELD_IN_SESSION = { reviewSessions: { some: { session: { closedAt: null } } } } as const;
const NOT_HELD_IN_SESSION = { reviewSessions: { none: { session: { closedAt: null } } } } as const;

/** The review states of items waiting for a reviewer's decision ("in review" once a session holds them). */
export const UNDECIDED: ReviewState[] = ["flagged", "escalated"];

/** The items at one place of ITEM_PROGRESS. */
export function progressWhere(progress: ItemProgress): object {
  switch (progress) {
    case "unlabeled":
      return { reviewState: "open", submittedCount: 0 };
    case "in_progress":
      // Escalated items wait for one more labeler before a reviewer sees them; relabeled ones are open again.
      return { OR: [{ reviewState: "open", submittedCount: { gt: 0 } }, { reviewState: "escalated", ...NOT_HELD_IN_SESSION }] };
    case "complete":
      return { reviewState: "accepted" };
    case "flagged":
      return { reviewState: "flagged", ...NOT_HELD_IN_SESSION };
    case "in_review":
      return { reviewState: { in: UNDECIDED }, ...HELD_IN_SESSION };
    default:
      return { reviewState: progress };
  }
}

function stateFilter(state: NonNullable<ItemListQuery["state"]>): object {
  if (state !== "in_review" && !UNDECIDED.includes(state)) return { reviewState: state };
  return state === "in_review" ? { reviewState: { in: UNDECIDED }, ...HELD_IN_SESSION } : { reviewState: state, ...NOT_HELD_IN_SESSION };
}

/** The one labeler `labeler` names, if it names one: answers, uncertainty and days are then theirs. */
const onlyLabeler = (filters: ItemListQuery) => (filters.labeler?.length === 1 ? filters.labeler[0] : undefined);

/** Whether some filters are checked here on the rows read (matchingAnswers) rather than in SQL. */
const checkedHere = (filters: ItemListQuery) => Boolean(filters.answer || filters.final || filters.uncertain || (filters.labeler?.length ?? 0) > 1);

/** The filters the database can apply: metadata, progress, review state, labelers, skips, guideline version, days. */
async function databaseFilters(projectId: string, query: URLSearchParams, filters: ItemListQuery): Promise<object[]> {
  const where = metadataFilters(query);
  if (filters.status) where.push(await progressFilter(projectId, filters.status));
  if (filters.progress) where.push(progressWhere(filters.progress));
  if (filters.state) where.push(stateFilter(filters.state));
  // One condition over the listed labelers, whatever their number: items any of them submitted. That all of them did is
  // checked on the rows read (matchingAnswers).
  if (filters.labeler) where.push({ annotations: { some: { labelerId: { in: filters.labeler }, isDraft: false } } });
  if (filters.skipped) where.push({ assignments: { some: { userId: filters.skipped, status: "skipped", isRevision: false } } });
  // Whether the first submission is unsure is read from its labels (matchingAnswers); here, only items that have one.
  if (filters.uncertain) where.push({ annotations: { some: { labelerId: filters.uncertain, isDraft: false, revision: 1 } } });
  if (filters.scored) where.push({ reviewScore: { not: null } });
  if (filters.tag) where.push({ tags: { some: { tag: { projectId, name: filters.tag } } } });
  // From the [projectId, openDiscussions] index: few items of a big project have an open discussion.
  if (filters.discussion === "open") where.push({ openDiscussions: { gt: 0 } });
  if (filters.discussion === "any") where.push({ commentCount: { gt: 0 } });
  if (filters.q) where.push({ comments: { some: { body: textContains(filters.q) } } });
  if (filters.model) {
    const outcome = filters.outcome ? { error: filters.outcome === "error" } : {};
    const watched = filters.watch ? { watchHit: true } : {};
    where.push({ outcomes: { some: { modelId: filters.model, task: filters.task, ...outcome, ...watched } } });
  }
  if (filters.version) where.push({ annotations: { some: { isDraft: false, guidelineVersion: { version: filters.version } } } });
  if (filters.day) {
    const { start, end } = utcDay(filters.day);
    where.push(firstSubmissions({ gte: start, lt: end }, "some", onlyLabeler(filters)));
  }
  if (filters.completed) {
    const { start, end } = utcDay(filters.completed);
    where.push({ reviewScore: { not: null } });
    where.push(firstSubmissions({ gte: start, lt: end }));
    where.push(firstSubmissions({ gte: end }, "none"));
  }
  return where;
}

/** Of these items, those `labelerId`'s first submission is unsure of. */
async function unsureItems(projectId: string, labelerId: string, itemIds: string[]): Promise<Set<string>> {
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true } });
  const uncertainClasses = uncertainClassesOf(storedLabelConfig(project.labelConfig).tasks);
  const firsts = await db().annotation.findMany({ where: { itemId: { in: itemIds }, labelerId, isDraft: false, revision: 1 }, select: { itemId: true, result: true } });
  return new Set(firsts.filter((annotation) => isUncertain(annotation.result as ResultEntry[], uncertainClasses)).map((annotation) => annotation.itemId));
}

/** Of these items, those every one of `labelerIds` submitted: one grouped read over the listed labelers. */
async function labeledByAll(itemIds: string[], labelerIds: string[]): Promise<Set<string>> {
  const pairs = await db().annotation.groupBy({ by: ["itemId", "labelerId"], where: { itemId: { in: itemIds }, labelerId: { in: labelerIds }, isDraft: false } });
  const labelers = new Map<string, number>();
  for (const { itemId } of pairs) labelers.set(itemId, (labelers.get(itemId) ?? 0) + 1);
  return new Set([...labelers].filter(([, count]) => count === labelerIds.length).map(([itemId]) => itemId));
}

/**
 * Of these items, those whose answers match `answer` (a labeler's, or the one labeler named) and `final`
 * (the final label) on `task`, that `uncertain`'s first submission is unsure of, and that every one of several
 * `labeler`s submitted: read from the labels, or for several labelers from a read per page rather than a
 * condition per labeler, so checked here rather than in SQL.
 */
async function matchingAnswers<Row extends ItemListEntry>(projectId: string, rows: Row[], filters: ItemListQuery): Promise<Row[]> {
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { standardization: true } });
  const rules = storedStandardization(project.standardization);
  const ids = rows.map((row) => row.id);
  const everyLabeler = filters.labeler && filters.labeler.length > 1 ? filters.labeler : null;
  const [annotations, finals, unsure, labeled] = await Promise.all([
    filters.answer ? latestAnnotations({ itemId: { in: ids } }, rules) : [],
    filters.final ? finalResults({ id: { in: ids } }, rules) : new Map<string, ResultEntry[]>(),
    filters.uncertain ? unsureItems(projectId, filters.uncertain, ids) : null,
    everyLabeler ? labeledByAll(ids, everyLabeler) : null,
  ]);
  const only = onlyLabeler(filters);
  const { task, answer } = filters;
  const answered = new Set(annotations.filter((annotation) => (!only || annotation.labelerId === only) && task && answer && givesAnswer(annotation.result, task, answer)).map((annotation) => annotation.itemId));
  const finalOf = (row: ItemListEntry) => {
    const final = finals.get(row.id);
    return final ? classificationAnswer(final, filters.task) : null;
  };
  return rows.filter((row) => (!filters.answer || answered.has(row.id)) && (!filters.final || finalOf(row) === filters.final) && (!unsure || unsure.has(row.id)) && (!labeled || labeled.has(row.id)));
}

// With filters checked here, the rows read to fill one page: a request never reads the whole of a big project.
const MAX_SCANNED = 5_000;
// Filters the database applies (metadata, states, labelers, days…) may match few of a big project's items, or none: a
// request looks through the items created in a window of about this many, then says where to go on.
const WINDOW = 10_000;

type ItemKey = { id: string; createdAt: Date };

/**
 * The items after this one in (createdAt, id) order. Pages start by key, not with Prisma's cursor and skip:
 * a cursor item that stopped matching (resolved meanwhile) would make skip swallow the next one. The first condition
 * repeats the order's start so that the database reads its index from there.
 */
const itemsAfter = (item: ItemKey) => ({ createdAt: { gte: item.createdAt }, OR: [{ createdAt: { gt: item.createdAt } }, { createdAt: item.createdAt, id: { gt: item.id } }] });

async function cursorItem(projectId: string, cursor: string | undefined): Promise<ItemKey | null> {
  if (!cursor) return null;
  const item = await db().item.findFirst({ where: { id: cursor, projectId }, select: { id: true, createdAt: true } });
  if (!item) throw new AppError("bad_request", "cursor: no such item in this project; start again without it.");
  return item;
}

/**
 * The window a filtered request looks through: the items created up to the WINDOW-th from `after` (read from the
 * (projectId, createdAt) index alone), and its last item, where the next request goes on; null when the project
 * ends sooner.
 */
async function filterWindow(projectId: string, after: ItemKey | null): Promise<{ createdAt: Date; last: ItemKey } | null> {
  // In SQL: Prisma would read each item's id too, and so every row rather than the index alone.
  const [end] = await db().$queryRaw<{ createdAt: Date | string }[]>`
    SELECT "createdAt" FROM "Item" WHERE "projectId" = ${projectId} ${after ? Prisma.sql`AND "createdAt" >= ${after.createdAt}` : Prisma.empty}
    ORDER BY "createdAt" LIMIT 1 OFFSET ${WINDOW - 1}`;
  if (!end) return null;
  const createdAt = new Date(end.createdAt);
  // The last of the items created at that instant. As a range ordered by time too: with an equality and no order on
  // time, SQLite (which keeps no statistics here) picks an index it must read whole.
  const last = await db().item.findFirst({
    where: { projectId, createdAt: { gte: createdAt, lte: createdAt } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, createdAt: true },
  });
  return last && { createdAt, last };
}

/**
 * A page of a project's items, oldest first. Query parameters `meta.<key>=<value>` filter on item
 * metadata, the others are itemListQuerySchema's; `cursor` is the `nextCursor` of the previous page. With
 * filters a page may come back short (or empty) with a `nextCursor`: there is more to look through. Once `signal`
 * aborts (the client has gone), no more rows are read.
 */
export async function listItems(caller: Caller, projectId: string, query: URLSearchParams, signal?: AbortSignal): Promise<{ items: ListedItem[]; nextCursor: string | null }> {
  await requireProjectRole(caller, projectId, "reviewer");
  const filters = parseInput(itemListQuerySchema, Object.fromEntries([...query].filter(([key]) => !key.startsWith("meta."))));
  const where = await databaseFilters(projectId, query, filters);
  const checking = checkedHere(filters);
  const batch = checking ? 500 : filters.limit + 1;
  const found: DiscussedEntry[] = [];
  const cursor = await cursorItem(projectId, filters.cursor);
  let start = cursor ? itemsAfter(cursor) : null;
  const window = where.length ? await filterWindow(projectId, cursor) : null;
  let scanned = 0;
  for (;;) {
    if (signal?.aborted) throw new AppError("client_closed", "The client closed the request.");
    const rows = await db().item.findMany({
      where: { projectId, AND: [...where, ...(start ? [start] : []), ...(window ? [{ createdAt: { lte: window.createdAt } }] : [])] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: batch,
      select: { ...itemFields, reviewState: true, reviewScore: true, openDiscussions: true, commentCount: true },
    });
    const entries = rows.map(({ reviewState, reviewScore, openDiscussions, commentCount, ...row }) => ({ ...itemView(row), reviewState, reviewScore, openDiscussions, commentCount }));
    found.push(...(checking ? await matchingAnswers(projectId, entries, filters) : entries));
    scanned += rows.length;
    if (found.length > filters.limit) return { items: await withTags(found.slice(0, filters.limit)), nextCursor: found[filters.limit - 1]!.id };
    // Looked through to the window's end: the next request goes on from there.
    if (rows.length < batch) return { items: await withTags(found), nextCursor: window?.last.id ?? null };
    const last = rows.at(-1)!;
    if (scanned >= MAX_SCANNED) return { items: await withTags(found), nextCursor: last.id };
    start = itemsAfter(last);
  }
}

/** The page's items with their tags, read for these items only. */
async function withTags(items: DiscussedEntry[]): Promise<ListedItem[]> {
  const tags = await tagsOfItems(items.map((item) => item.id));
  return items.map((item) => ({ ...item, tags: tags.get(item.id) ?? [] }));
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

export type MediaVariant = "media" | "thumbnail" | "peaks" | "rendition" | "tiles";

/** One of an item's files: its key in the media store, with its type and a validator for caching. */
export async function itemFile(caller: Caller, itemId: string, variant: MediaVariant): Promise<{ key: string; mimeType: string; etag: string; cacheable?: false }> {
  const item = await visibleItemRow(caller, itemId);
  const isImage = item.mimeType.startsWith("image/");
  const derived = derivedPaths(item.projectId, item.sha256);
  if (variant === "media") return { key: item.mediaPath, mimeType: item.mimeType, etag: item.sha256 };
  if (variant === "thumbnail" && isImage) return { key: derived.thumbnail, mimeType: "image/webp", etag: `${item.sha256}-thumb` };
  if (variant === "peaks" && !isImage) return { key: derived.peaks, mimeType: "application/json", etag: `${item.sha256}-peaks` };
  if (variant === "rendition" && isImage && isBigImage(item.width, item.height)) {
    if (item.renditionPath) return { key: item.renditionPath, mimeType: "image/webp", etag: `${item.sha256}-rendition` };
    // Imported before renditions existed (or its job has not run yet): the original for now, not to be kept.
    imageRenditionsJob.trigger({ projectId: item.projectId, itemId: item.id });
    return { key: item.mediaPath, mimeType: item.mimeType, etag: item.sha256, cacheable: false };
  }
  if (variant === "tiles" && item.tilesPath) return { key: item.tilesPath, mimeType: "application/xml", etag: `${item.sha256}-dzi` };
  throw new AppError(
    "not_found",
    variant === "peaks"
      ? "Images have no waveform peaks."
      : variant === "thumbnail"
        ? "Audio items have no thumbnail."
        : `Only images larger than ${BIG_IMAGE_SIDE} pixels on a side have a rendition and tiles${variant === "tiles" && isImage ? ", once made after their import" : ""}.`,
  );
}

/** One tile of a big image's pyramid (`tile`: `<col>_<row>.<format>` of `level`). */
export async function itemTile(caller: Caller, itemId: string, level: number, tile: string): Promise<{ key: string; mimeType: string; etag: string }> {
  const { tilesPath, sha256 } = await visibleItemRow(caller, itemId);
  if (!tilesPath) throw new AppError("not_found", "This item has no tiles.");
  const format = tile.split(".").at(-1)!;
  return { key: tileKey(tilesPath, `${level}/${tile}`), mimeType: `image/${format}`, etag: `${sha256}-${level}-${tile}` };
}
