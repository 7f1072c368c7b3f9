import { expect, it } from "vitest";
import { describeEachDatabase } from "@/lib/testing/integration";
import { submitAnnotation } from "./annotations";
import { nextAssignment } from "./assignments";
import type { Caller } from "./auth/caller";
import { backgroundSettled } from "./background";
import { addMember, createProject, updateProject } from "./projects";
import { reclaimAllExpiredLeases } from "./queue";
import { createUser } from "./users";

const TASKS = [{ key: "defect", type: "classification", classes: ["ok", "scratch"] }];
const answer = [{ task: "defect", type: "classification", values: ["ok"] }];

describeEachDatabase("the labeling queue at size and under contention", (context) => {
  const tag = () => context().target.provider;
  let manager: Caller;

  async function projectWithItems(name: string, items: number, overlap: number, labelers: number) {
    manager ??= { user: await createUser({ email: `qm@${tag()}.test`, password: "password 123", isAdmin: true }), via: "session" };
    const project = await createProject(manager, { name, mediaKind: "image", overlap, maxOverlap: overlap, tasks: TASKS });
    await context().client.item.createMany({
      data: Array.from({ length: items }, (_, index) => ({
        projectId: project.id,
        mediaPath: `x/${index}.png`,
        mimeType: "image/png",
        originalName: `${index}.png`,
        sha256: `${name}-${index}`,
        sizeBytes: 1,
        width: 10,
        height: 10,
        metadata: {},
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, index)),
      })),
    });
    const callers: Caller[] = [];
    for (let index = 0; index < labelers; index++) {
      const user = await createUser({ email: `${name.toLowerCase().replace(/\W/g, "")}-${index}@${tag()}.test`, password: "password 123" });
      await addMember(manager, project.id, { email: user.email, role: "labeler" });
      callers.push({ user, via: "token" });
    }
    const ids = (await context().client.item.findMany({ where: { projectId: project.id }, orderBy: { createdAt: "asc" }, select: { id: true } })).map((item) => item.id);
    return { projectId: project.id, labelers: callers, ids };
  }

  const label = async (labeler: Caller, projectId: string) => {
    const lease = await nextAssignment(labeler, projectId);
    if (lease) await submitAnnotation(labeler, lease.assignment.id, { result: answer, activeMs: 10 }, null);
    return lease?.item.id ?? null;
  };

  it("leases with more complete items, and more done by the labeler, than SQLite binds parameters (999)", async () => {
    const { projectId, labelers, ids } = await projectWithItems("Big", 1_100, 1, 2);
    const [veteran, newcomer] = labelers as [Caller, Caller];
    // The veteran's history: 1,050 items answered (rows written as a bulk import would), the rest untouched.
    const done = ids.slice(0, 1_050);
    await context().client.assignment.createMany({
      data: done.map((itemId) => ({ projectId, itemId, userId: veteran.user.id, status: "submitted" as const, leasedAt: new Date(), expiresAt: new Date(), completedAt: new Date() })),
    });
    await context().client.item.updateMany({ where: { projectId, createdAt: { lte: new Date(Date.UTC(2026, 0, 1, 0, 0, 1, 49)) } }, data: { submittedCount: 1 } });
    // Changing the overlap back and forth re-ranks every item from its counts.
    await updateProject(manager, projectId, { overlap: 2 });
    await updateProject(manager, projectId, { overlap: 1 });
    await backgroundSettled();
    expect(await context().client.item.count({ where: { projectId, queueRank: null } })).toBe(1_050);

    expect(await label(veteran, projectId)).toBe(ids[1_050]);
    expect(await label(newcomer, projectId)).toBe(ids[1_051]);
    for (let left = 48; left > 0; left--) await label(left % 2 ? veteran : newcomer, projectId);
    expect(await nextAssignment(veteran, projectId)).toBeNull();
    expect(await nextAssignment(newcomer, projectId)).toBeNull();
    expect(await context().client.item.count({ where: { projectId, submittedCount: 1, queueRank: null } })).toBe(1_100);
  });

  it("hands 40 racing labelers different items, never past the overlap, with no error, until all are labeled", async () => {
    const { projectId, labelers } = await projectWithItems("Crowd", 30, 3, 40);
    const failures: unknown[] = [];
    await Promise.all(
      labelers.map(async (labeler) => {
        try {
          while (await label(labeler, projectId));
        } catch (error) {
          failures.push(error);
        }
      }),
    );
    expect(failures).toEqual([]);
    const assignments = await context().client.assignment.findMany({ where: { projectId }, select: { itemId: true, userId: true, status: true } });
    expect(assignments.every((assignment) => assignment.status === "submitted")).toBe(true);
    expect(new Set(assignments.map((assignment) => `${assignment.userId}:${assignment.itemId}`)).size).toBe(assignments.length);
    const items = await context().client.item.findMany({ where: { projectId }, select: { submittedCount: true, leaseCount: true, queueRank: true } });
    expect(items.filter((item) => !(item.submittedCount === 3 && item.leaseCount === 0 && item.queueRank === null))).toEqual([]);
    expect(assignments).toHaveLength(90);
  });

  it("looks past a labeler's own started items only so far: far ahead, they start fresh ones, and at the end get none", async () => {
    const { projectId, labelers, ids } = await projectWithItems("Ahead", 80, 2, 2);
    const [eager, late] = labelers as [Caller, Caller];
    // Alone, the eager labeler starts all 80: each one's second slot waits for someone else.
    for (const id of ids) expect(await label(eager, projectId)).toBe(id);
    expect(await nextAssignment(eager, projectId)).toBeNull();
    // The late one is given the oldest started item first.
    expect(await label(late, projectId)).toBe(ids[0]);
  });

  it("gives an expired lease's slot back when the sweep runs, and the started item goes first again", async () => {
    const { projectId, labelers, ids } = await projectWithItems("Sweep", 3, 2, 3);
    const [ann, ben, cat] = labelers as [Caller, Caller, Caller];
    expect(await label(ann, projectId)).toBe(ids[0]);
    const forgotten = (await nextAssignment(ben, projectId))!;
    expect(forgotten.item.id).toBe(ids[0]);
    await context().client.assignment.update({ where: { id: forgotten.assignment.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await reclaimAllExpiredLeases();
    expect(await context().client.assignment.findUniqueOrThrow({ where: { id: forgotten.assignment.id }, select: { status: true } })).toEqual({ status: "expired" });
    expect(await label(cat, projectId)).toBe(ids[0]);
  });
});
