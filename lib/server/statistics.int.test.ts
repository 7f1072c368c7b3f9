import { expect, it } from "vitest";
import { describeEachDatabase } from "@/lib/testing/integration";
import { skipAssignment, submitAnnotation } from "./annotations";
import { nextAssignment } from "./assignments";
import type { Caller } from "./auth/caller";
import { backgroundSettled } from "./background";
import { addMember, createProject, updateProject } from "./projects";
import { decideItem } from "./review";
import type { CategoricalFigures } from "@/lib/quality/agreement-sums";
import { projectAgreement } from "./agreement";
import { addImportedItems, countUncountedItems, itemCounts, recountProjectStatistics } from "./statistics";
import { createUser } from "./users";

const TASKS = [{ key: "defect", type: "classification", classes: ["ok", "scratch"], uncertainClass: "borderline" }];
const answer = (value: string) => [{ task: "defect", type: "classification", values: [value] }];
const DEVICES = ["phone", "laptop"];

describeEachDatabase("project statistics kept with every change", (context) => {
  const tag = () => context().target.provider;

  /** The project's sums as kept, rounded where sums of scores may differ in the last bits. */
  async function sums(projectId: string): Promise<Record<string, number>> {
    const rows = await context().client.projectStatistic.findMany({ where: { projectId, value: { not: 0 } }, orderBy: { key: "asc" } });
    return Object.fromEntries(rows.filter((row) => Math.abs(row.value) > 1e-9).map((row) => [row.key, Math.round(row.value * 1e9) / 1e9]));
  }

  /** The sums counted from nothing: what the kept ones must equal. */
  async function countedAfresh(projectId: string): Promise<Record<string, number>> {
    await context().client.projectStatistic.deleteMany({ where: { projectId, figure: { not: "items" } } });
    await context().client.$executeRaw`UPDATE "Item" SET "statistics" = NULL WHERE "projectId" = ${projectId}`;
    await recountProjectStatistics(projectId);
    return sums(projectId);
  }

  it("keeps sums equal to a count from nothing through concurrent submissions, skips, revisions, decisions and a rule change", async () => {
    const manager: Caller = { user: await createUser({ email: `sm@${tag()}.test`, password: "password 123", isAdmin: true }), via: "session" };
    const project = await createProject(manager, { name: "Stats", mediaKind: "image", overlap: 2, maxOverlap: 3, tasks: TASKS });
    const created = Array.from({ length: 12 }, (_, index) => ({
      projectId: project.id,
      mediaPath: `x/${index}.png`,
      mimeType: "image/png",
      originalName: `${index}.png`,
      sha256: `stats-${tag()}-${index}`,
      sizeBytes: 1,
      width: 10,
      height: 10,
      metadata: { device: DEVICES[index % 2]! },
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)),
    }));
    await context().client.item.createMany({ data: created });
    await addImportedItems(context().client, project.id, created.map((item) => item.metadata));
    const labelers: Caller[] = [];
    for (let index = 0; index < 6; index++) {
      const user = await createUser({ email: `sl${index}@${tag()}.test`, password: "password 123" });
      await addMember(manager, project.id, { email: user.email, role: "labeler" });
      labelers.push({ user, via: "token" });
    }
    const values = ["ok", "scratch", "borderline"];
    // Four rounds of every labeler at once: answers that agree and disagree, a skip now and then.
    for (let round = 0; round < 4; round++) {
      await Promise.all(
        labelers.map(async (labeler, index) => {
          const lease = await nextAssignment(labeler, project.id);
          if (!lease) return;
          if ((index + round) % 5 === 4) await skipAssignment(labeler, lease.assignment.id, { reason: "too dark" });
          else await submitAnnotation(labeler, lease.assignment.id, { result: answer(values[(index * round) % 3]!), activeMs: 1000 + 250 * index }, "test");
        }),
      );
    }
    const items = await context().client.item.findMany({ where: { projectId: project.id, submittedCount: { gt: 0 } }, orderBy: { createdAt: "asc" }, select: { id: true, reviewState: true } });
    expect(items.length).toBeGreaterThan(4);
    // A revision, and decisions of every kind a reviewer takes.
    // Of an item still open if the rounds left one half-labeled (concurrent labelers may not), else of a judged one.
    const answerOf = (where: object) => context().client.annotation.findFirst({ where: { projectId: project.id, isDraft: false, ...where }, select: { itemId: true, labelerId: true, assignmentId: true } });
    const revised = (await answerOf({ item: { reviewState: "open" } })) ?? (await answerOf({}))!;
    const reviser = labelers.find((labeler) => labeler.user.id === revised.labelerId)!;
    await submitAnnotation(reviser, revised.assignmentId!, { result: answer("scratch"), activeMs: 500, revision: 1 }, "test");
    const undecided = await context().client.item.findMany({ where: { projectId: project.id, reviewState: { in: ["accepted", "flagged", "escalated"] } }, select: { id: true } });
    expect(undecided.length).toBeGreaterThanOrEqual(3);
    const [gold, excluded, relabeled] = undecided;
    // One of the gold item's labelers was unsure: revised before the decision, so the rule change below has an answer to merge.
    const unsure = await context().client.annotation.findFirstOrThrow({ where: { itemId: gold!.id }, orderBy: { revision: "desc" }, select: { labelerId: true, assignmentId: true, revision: true } });
    const unsureLabeler = labelers.find((labeler) => labeler.user.id === unsure.labelerId)!;
    await submitAnnotation(unsureLabeler, unsure.assignmentId!, { result: answer("borderline"), activeMs: 700, revision: unsure.revision }, "test");
    await decideItem(manager, gold!.id, { action: "edit", result: answer("scratch"), reason: "a scratch by the guidelines", category: "guideline-gap" });
    await decideItem(manager, excluded!.id, { action: "exclude", reason: "not a part", category: "data-issue" });
    await decideItem(manager, relabeled!.id, { action: "relabel", reason: "look again", category: "labeling-error", relabel: { mode: "fresh", labelers: 1 } });

    const kept = await sums(project.id);
    const unsureAgainstGold = JSON.stringify(["class", "defect", "scratch", "borderline"]);
    expect(kept[unsureAgainstGold]).toBeGreaterThanOrEqual(1);
    expect(await countedAfresh(project.id)).toEqual(kept);
    // The item counts progress reads, for the project's overlap and any other: as the items' own counters say.
    for (const overlap of [1, 2, 3]) {
      const complete = await context().client.item.count({ where: { projectId: project.id, submittedCount: { gte: overlap } } });
      expect(await itemCounts(project.id, overlap)).toEqual({ items: created.length, complete });
    }

    // A new standardization rule changes what answers add: the project is counted again in the background.
    await updateProject(manager, project.id, { standardization: { classMerges: [{ task: "defect", from: ["borderline"], to: "scratch" }] } });
    await backgroundSettled();
    const recounted = await sums(project.id);
    expect(recounted[unsureAgainstGold]).toBeUndefined();
    expect(await countedAfresh(project.id)).toEqual(recounted);
    // Agreement as given is kept beside the standardized one once a rule changes labels.
    const standardized = (await projectAgreement(manager, project.id)).tasks.defect as CategoricalFigures;
    const raw = (await projectAgreement(manager, project.id, { standardized: false })).tasks.defect as CategoricalFigures;
    expect(raw.perClass.map((entry) => entry.category)).toContain("borderline");
    expect(standardized.perClass.map((entry) => entry.category)).not.toContain("borderline");
    expect(Object.keys(standardized.byMetadata.device ?? {}).sort()).toEqual(["laptop", "phone"]);

    // An upgrade from before facets were kept: nothing counted, facets unknown. The start finds the facets in the items' metadata and counts every item with them.
    // (The item total is kept by imports and the migrations, not counted from items.)
    await context().client.projectStatistic.deleteMany({ where: { projectId: project.id, figure: { not: "items" } } });
    await context().client.$executeRaw`UPDATE "Item" SET "statistics" = NULL WHERE "projectId" = ${project.id}`;
    await context().client.$executeRaw`UPDATE "Project" SET "metadataFacets" = NULL WHERE "id" = ${project.id}`;
    await countUncountedItems();
    expect(await sums(project.id)).toEqual(recounted);
    expect((await context().client.project.findUniqueOrThrow({ where: { id: project.id } })).metadataFacets).toEqual({ device: DEVICES });
  });
});
