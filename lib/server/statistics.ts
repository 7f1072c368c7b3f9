// Project statistics kept as sums (ProjectStatistic) of what each item adds (Item.statistics, from
// lib/quality/item-statistics.ts). Every transaction that changes an item's labels, leases' outcome, judgment or
// decision ends with refreshItemStatistics, under the item's lock, so the sums stay exact and a dashboard reads them
// instead of every annotation. A change of what items add (the tasks, the standardization) recounts the project's
// items in the background; so does an upgrade, for items counted by no earlier version.
import { byFigure, itemStatistics, LABELS_FIGURE, statisticKey, statisticsDelta, type ItemFacts, type ItemState, type Statistics } from "@/lib/quality/item-statistics";
import { facetValuesOf, mergeFacets, storedFacets, type MetadataFacets } from "@/lib/quality/metadata-facets";
import type { ResultEntry } from "@/lib/validation/annotation";
import { finalLabel } from "@/lib/review/final-label";
import { Prisma } from "@/lib/generated/prisma-sqlite/client";
import { defineJob } from "./jobs";
import { db, type Tx } from "./db/client";
import { agreesWithFinal } from "./feedback";
import { storedLabelConfig, storedStandardization } from "./stored-config";

// Map.groupBy arrives in Node 21.
function groupBy<T>(values: readonly T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const group = groups.get(keyOf(value));
    if (group) group.push(value);
    else groups.set(keyOf(value), [value]);
  }
  return groups;
}

type ItemRange = { id: string } | { projectId: string; id: { gte: string; lte: string } };

/** The facts of the items in `where`, and what each of them last added. */
async function itemFacts(tx: Tx, where: ItemRange): Promise<{ id: string; projectId: string; added: Statistics | null; facts: ItemFacts }[]> {
  const [items, annotations, leases] = await Promise.all([
    tx.item.findMany({
      where,
      orderBy: { id: "asc" },
      select: {
        id: true,
        projectId: true,
        reviewState: true,
        submittedCount: true,
        reviewScore: true,
        durationMs: true,
        metadata: true,
        statistics: true,
        project: { select: { labelConfig: true, standardization: true, metadataFacets: true } },
        consensusResults: { orderBy: { createdAt: "desc" }, take: 1, select: { result: true } },
        reviewDecisions: { orderBy: { createdAt: "desc" }, take: 1, select: { result: true } },
      },
    }),
    tx.annotation.findMany({
      where: { ...("projectId" in where ? { projectId: where.projectId, itemId: where.id } : { itemId: where.id }), isDraft: false },
      orderBy: [{ itemId: "asc" }, { labelerId: "asc" }, { revision: "desc" }],
      select: { itemId: true, labelerId: true, revision: true, result: true, activeMs: true, submittedAt: true, guidelineVersion: { select: { version: true } } },
    }),
    tx.assignment.findMany({
      where: { ...("projectId" in where ? { projectId: where.projectId, itemId: where.id } : { itemId: where.id }), isRevision: false, status: { in: ["submitted", "skipped"] } },
      select: { itemId: true, userId: true, status: true, skipReason: true },
    }),
  ]);
  const annotationsOf = groupBy(annotations, (annotation) => annotation.itemId);
  const leasesOf = groupBy(leases, (lease) => lease.itemId);
  return items.map((item) => {
    const tasks = storedLabelConfig(item.project.labelConfig).tasks;
    const mine = annotationsOf.get(item.id) ?? [];
    return {
      id: item.id,
      projectId: item.projectId,
      added: item.statistics as Statistics | null,
      facts: {
        tasks,
        standardization: storedStandardization(item.project.standardization),
        state: item.reviewState as ItemState,
        submittedCount: item.submittedCount,
        reviewScore: item.reviewScore,
        final: finalLabel(item.reviewState, item.reviewDecisions[0]?.result, item.consensusResults[0]?.result) as ResultEntry[] | null,
        firstSubmissions: mine
          .filter((annotation) => annotation.revision === 1)
          .map((annotation) => ({
            labelerId: annotation.labelerId,
            result: annotation.result as ResultEntry[],
            activeMs: annotation.activeMs,
            submittedAt: annotation.submittedAt,
            guidelineVersion: annotation.guidelineVersion?.version ?? null,
          })),
        // Newest revision first per labeler (the order above): the first row of each labeler is their latest.
        latestSubmissions: mine
          .filter((annotation, index) => mine[index - 1]?.labelerId !== annotation.labelerId)
          .map((annotation) => ({
            labelerId: annotation.labelerId,
            result: annotation.result as ResultEntry[],
            guidelineVersion: annotation.guidelineVersion?.version ?? null,
            submittedAt: annotation.submittedAt,
          })),
        facets: facetValuesOf(storedFacets(item.project.metadataFacets), item.metadata as Record<string, unknown>),
        leases: (leasesOf.get(item.id) ?? []).map((lease) => ({ labelerId: lease.userId, status: lease.status as "submitted" | "skipped", skipReason: lease.skipReason })),
        agreesWithFinal: (answer, final) => agreesWithFinal(tasks, answer as ResultEntry[], final as ResultEntry[], item.durationMs === null ? null : item.durationMs / 1000),
      },
    };
  });
}

/** Adds the amounts to the project's sums, in key order so that concurrent transactions lock the rows in one order. */
async function addToProject(tx: Tx, projectId: string, delta: Statistics): Promise<void> {
  const keys = Object.keys(delta).sort();
  if (!keys.length) return;
  const rows = keys.map((key) => Prisma.sql`(${projectId}, ${(JSON.parse(key) as string[])[0]}, ${key}, ${delta[key]!})`);
  await tx.$executeRaw`INSERT INTO "ProjectStatistic" ("projectId", "figure", "key", "value") VALUES ${Prisma.join(rows)}
    ON CONFLICT ("projectId", "figure", "key") DO UPDATE SET "value" = "ProjectStatistic"."value" + excluded."value"`;
}

/** Counts the items again and adds the differences; the items must be locked by the caller's transaction. */
async function recount(tx: Tx, where: ItemRange): Promise<void> {
  const delta = new Map<string, Statistics>();
  for (const { id, projectId, added, facts } of await itemFacts(tx, where)) {
    const now = itemStatistics(facts);
    const difference = statisticsDelta(added, now);
    if (!Object.keys(difference).length) continue;
    await tx.item.update({ where: { id }, data: { statistics: now } });
    const sum = delta.get(projectId) ?? {};
    for (const [key, amount] of Object.entries(difference)) sum[key] = (sum[key] ?? 0) + amount;
    delta.set(projectId, sum);
  }
  for (const [projectId, sum] of delta) await addToProject(tx, projectId, sum);
}

/** Brings the project's sums up to date with this item's change; call it last in the transaction that locked the item. */
export async function refreshItemStatistics(tx: Tx, itemId: string): Promise<void> {
  await recount(tx, { id: itemId });
}

const RECOUNT_PAGE = 200;

/**
 * Recounts every item of the project that adds anything (or, with `onlyUncounted`, those no version counted yet), a
 * page at a time, each page locked in its own transaction so that labeling goes on meanwhile.
 */
export async function recountProjectStatistics(projectId: string, { onlyUncounted = false } = {}): Promise<void> {
  let last = "";
  for (;;) {
    const page = await db().$queryRaw<{ id: string }[]>`
      SELECT i."id" FROM "Item" i
      WHERE i."projectId" = ${projectId} AND i."id" > ${last} ${onlyUncounted ? Prisma.sql`AND i."statistics" IS NULL` : Prisma.empty}
        AND (i."submittedCount" > 0 OR i."reviewState" <> 'open' OR EXISTS (SELECT 1 FROM "Assignment" a WHERE a."itemId" = i."id" AND a."status" = 'skipped'))
      ORDER BY i."id" LIMIT ${RECOUNT_PAGE}`;
    if (!page.length) return;
    const range = { gte: page[0]!.id, lte: page.at(-1)!.id };
    last = range.lte;
    await db().$transaction(async (tx) => {
      // Locked as lockItem does, so that a submission of one of them waits for the recount rather than add twice.
      await tx.item.updateMany({ where: { projectId, id: range }, data: { leaseVersion: { increment: 0 } } });
      await recount(tx, { projectId, id: range });
    });
  }
}

const recountJob = defineJob<{ projectId: string }>({ name: "statistics", key: ({ projectId }) => projectId, run: ({ projectId }) => recountProjectStatistics(projectId) });

/** Recounts the project's statistics in the background (its tasks or standardization changed): a job. */
export function recountInBackground(projectId: string): void {
  recountJob.trigger({ projectId });
}

/**
 * At start: counts the items of every project that no earlier version counted (an upgrade). A project whose metadata
 * facets are not known yet (from before they were kept) has them found first, and every item counted with them.
 */
export async function countUncountedItems(): Promise<void> {
  for (const { id, metadataFacets } of await db().project.findMany({ select: { id: true, metadataFacets: true } })) {
    // Facets just found (the project had none kept) change what every item adds.
    const onlyUncounted = metadataFacets !== null || !(await findMetadataFacets(id));
    await recountProjectStatistics(id, { onlyUncounted });
  }
}

/** Locks the project's row until the transaction ends (a write that changes nothing): imports of a project take turns. */
export async function lockProjectRow(tx: Tx, projectId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "Project" SET "metadataFacets" = "metadataFacets" WHERE "id" = ${projectId}`;
}

/**
 * Counts newly created items into their project, in the transaction that creates them: the project's item total
 * (figure "items") and what their metadata brings to its facets (mergeFacets). The project row is locked first, so
 * that concurrent imports each add theirs.
 */
export async function addImportedItems(tx: Tx, projectId: string, records: readonly Record<string, unknown>[]): Promise<void> {
  if (!records.length) return;
  await addMetadataFacets(tx, projectId, records);
  await addToProject(tx, projectId, { [statisticKey(ITEMS_FIGURE)]: records.length });
}

/** Adds what these metadata records bring to the project's facets (mergeFacets), its row locked first. */
export async function addMetadataFacets(tx: Tx, projectId: string, records: readonly Record<string, unknown>[]): Promise<void> {
  await lockProjectRow(tx, projectId);
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { metadataFacets: true } });
  const facets = mergeFacets(storedFacets(project.metadataFacets), records);
  await tx.project.update({ where: { id: projectId }, data: { metadataFacets: facets } });
}

const FACET_SCAN_PAGE = 5_000;

/** Finds the facets of a project that kept none, from all its items' metadata; whether it had items. */
async function findMetadataFacets(projectId: string): Promise<boolean> {
  let facets: MetadataFacets = {};
  let last = "";
  for (;;) {
    const page = await db().item.findMany({ where: { projectId, id: { gt: last } }, orderBy: { id: "asc" }, take: FACET_SCAN_PAGE, select: { id: true, metadata: true } });
    if (!page.length) break;
    facets = mergeFacets(facets, page.map((item) => item.metadata as Record<string, unknown>));
    last = page.at(-1)!.id;
  }
  await db().project.update({ where: { id: projectId }, data: { metadataFacets: facets } });
  return last !== "";
}

/** The project's sums of these figures, by figure (see byFigure); amounts that came back to zero are left out. */
export async function projectStatistics(projectId: string, figures: readonly string[]): Promise<Map<string, [unknown[], number][]>> {
  const rows = await db().projectStatistic.findMany({ where: { projectId, figure: { in: [...figures] }, value: { not: 0 } }, select: { key: true, value: true } });
  return byFigure(rows.map((row) => [row.key, row.value]));
}

/** The project's item total, kept by imports (addImportedItems). */
const ITEMS_FIGURE = "items";

/**
 * The project's items and those with at least `overlap` labels, from its sums (the item total and the items by their
 * number of labels, lib/quality/item-statistics.ts): a few rows whatever the project's size, and right for any overlap.
 */
export async function itemCounts(projectId: string, overlap: number): Promise<{ items: number; complete: number }> {
  const sums = await projectStatistics(projectId, [ITEMS_FIGURE, LABELS_FIGURE]);
  const items = (sums.get(ITEMS_FIGURE) ?? []).reduce((total, [, amount]) => total + amount, 0);
  const complete = (sums.get(LABELS_FIGURE) ?? []).reduce((total, [[labels], amount]) => (Number(labels) >= overlap ? total + amount : total), 0);
  return { items, complete };
}
