import { expect, it } from "vitest";
import { PUT as draftRoute } from "@/app/api/v1/assignments/[assignmentId]/draft/route";
import { POST as submitRoute } from "@/app/api/v1/assignments/[assignmentId]/submit/route";
import { apiClient, expectJson } from "@/lib/testing/api";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase, leaseTakenAgo } from "@/lib/testing/integration";
import { itemAnnotations, releaseAssignment, saveDraft, skipAssignment, submitAnnotation } from "./annotations";
import { createApiToken } from "./api-tokens";
import { nextAssignment } from "./assignments";
import type { Caller } from "./auth/caller";
import { listItems } from "./items";
import { addMember, createProject, listProjectsFor, projectProgress, removeMember } from "./projects";
import { addImportedItems } from "./statistics";
import { createUser } from "./users";
import { CONCORD_VERSION } from "@/lib/version";

const TASKS = [{ key: "defect", type: "classification", classes: ["ok", "scratch"], uncertainClass: "borderline" }];
const answer = (value: string) => [{ task: "defect", type: "classification", values: [value] }];

describeEachDatabase("assignment and annotation", (context) => {
  const tag = () => context().target.provider;
  let manager: Caller;

  async function projectWithItems(name: string, items: number, overlap: number, labelers: number, tasks: object[] = TASKS) {
    manager ??= { user: await createUser({ email: `m@${tag()}.test`, password: "password 123", isAdmin: true }), via: "session" };
    const project = await createProject(manager, { name, mediaKind: "image", overlap, tasks });
    for (let index = 0; index < items; index++) {
      await context().client.item.create({
        data: { projectId: project.id, mediaPath: `x/${index}.png`, mimeType: "image/png", originalName: `${index}.png`, sha256: `${name}-${index}`, sizeBytes: 1, width: 10, height: 10, metadata: {}, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)) },
      });
    }
    await addImportedItems(context().client, project.id, Array.from({ length: items }, () => ({})));
    const callers: Caller[] = [];
    for (let index = 0; index < labelers; index++) {
      const user = await createUser({ email: `${name.toLowerCase()}-l${index}@${tag()}.test`, password: "password 123" });
      await addMember(manager, project.id, { email: user.email, role: "labeler" });
      callers.push({ user, via: "token" });
    }
    return { projectId: project.id, labelers: callers };
  }

  it("never overfills an item nor hands a labeler an item twice: 50 parallel requests, 10 labelers, 20 items, overlap 3", async () => {
    const { projectId, labelers } = await projectWithItems("Race", 20, 3, 10);
    // Five rounds: each round every labeler asks five times at once, then submits what they got.
    for (let round = 0; round < 5; round++) {
      const leases = await Promise.all(labelers.flatMap((labeler) => Array.from({ length: 5 }, () => nextAssignment(labeler, projectId).then((lease) => ({ labeler, lease })))));
      expect(leases).toHaveLength(50);
      const perLabeler = new Map<string, Set<string>>();
      for (const { labeler, lease } of leases) {
        if (!lease) continue;
        const ids = perLabeler.get(labeler.user.id) ?? new Set();
        ids.add(lease.assignment.id);
        perLabeler.set(labeler.user.id, ids);
      }
      // Asking five times at once gives one open lease, not five.
      for (const ids of perLabeler.values()) expect(ids.size).toBe(1);
      await Promise.all(
        [...perLabeler.entries()].map(([userId, ids]) => submitAnnotation(labelers.find((labeler) => labeler.user.id === userId)!, [...ids][0]!, { result: answer("ok"), activeMs: 1000 }, "test")),
      );
    }
    const assignments = await context().client.assignment.findMany({ where: { projectId }, select: { itemId: true, userId: true, status: true } });
    const perItem = new Map<string, number>();
    const pairs = new Set<string>();
    for (const assignment of assignments) {
      perItem.set(assignment.itemId, (perItem.get(assignment.itemId) ?? 0) + 1);
      const pair = `${assignment.userId}:${assignment.itemId}`;
      expect(pairs.has(pair)).toBe(false);
      pairs.add(pair);
    }
    expect(Math.max(...perItem.values())).toBeLessThanOrEqual(3);
    expect(assignments).toHaveLength(50);
    const complete = await listItems(manager, projectId, new URLSearchParams({ status: "complete", limit: "100" }));
    const started = await listItems(manager, projectId, new URLSearchParams({ status: "in_progress", limit: "100" }));
    const untouched = await listItems(manager, projectId, new URLSearchParams({ status: "unlabeled", limit: "100" }));
    expect(complete.items.length + started.items.length + untouched.items.length).toBe(20);
    expect(complete.items).toHaveLength([...perItem.values()].filter((count) => count === 3).length);
    const compared = await listItems(manager, projectId, new URLSearchParams({ status: "compared", limit: "100" }));
    expect(compared.items).toHaveLength([...perItem.values()].filter((count) => count >= 2).length);
    if (tag() === "sqlite") {
      // One writer at a time: started items are finished first, so 50 submissions fill 16 items to 3 and leave 2 on one more.
      expect([complete.items.length, started.items.length, untouched.items.length]).toEqual([16, 1, 3]);
    } else {
      // PostgreSQL's pickers pass over a started item another one holds (SKIP LOCKED) rather than wait:
      // each of the 10 concurrent labelers can leave at most one item part-filled.
      expect(started.items.length).toBeLessThanOrEqual(10);
    }
  });

  it("gives the open lease back, finishes started items first, and answers null when nothing is left", async () => {
    const { projectId, labelers } = await projectWithItems("Queue", 2, 2, 3);
    const [ann, ben, cat] = labelers as [Caller, Caller, Caller];
    const first = (await nextAssignment(ann, projectId))!;
    expect((await nextAssignment(ann, projectId))!.assignment.id).toBe(first.assignment.id);
    await submitAnnotation(ann, first.assignment.id, { result: answer("ok"), activeMs: 5 }, null);
    // Ben gets the item Ann started, not the fresh one.
    expect((await nextAssignment(ben, projectId))!.item.id).toBe(first.item.id);
    const annSecond = (await nextAssignment(ann, projectId))!;
    expect(annSecond.item.id).not.toBe(first.item.id);
    await skipAssignment(ann, annSecond.assignment.id, { reason: "image is blank" });
    expect(await nextAssignment(ann, projectId)).toBeNull();
    // Cat: the first item is full (Ann done, Ben leased), so the second one.
    expect((await nextAssignment(cat, projectId))!.item.id).toBe(annSecond.item.id);
    const skipped = await context().client.assignment.findUniqueOrThrow({ where: { id: annSecond.assignment.id } });
    // An old client's free-text reason is kept as "other" with its text.
    expect([skipped.status, skipped.skipReason, skipped.skipNote]).toEqual(["skipped", "other", "image is blank"]);
  });

  it("leases one task ahead for prefetching, never more, and it becomes the current task after a submit", async () => {
    const { projectId, labelers } = await projectWithItems("Ahead", 3, 1, 1);
    const [labeler] = labelers as [Caller];
    const current = (await nextAssignment(labeler, projectId))!;
    const ahead = (await nextAssignment(labeler, projectId, { ahead: true }))!;
    expect(ahead.item.id).not.toBe(current.item.id);
    // Asking again gives the same two leases, not a third item.
    expect((await nextAssignment(labeler, projectId, { ahead: true }))!.assignment.id).toBe(ahead.assignment.id);
    expect((await nextAssignment(labeler, projectId))!.assignment.id).toBe(current.assignment.id);
    expect(await context().client.assignment.count({ where: { projectId, status: "active" } })).toBe(2);

    await submitAnnotation(labeler, current.assignment.id, { result: answer("ok"), activeMs: 5 }, null);
    expect((await nextAssignment(labeler, projectId))!.assignment.id).toBe(ahead.assignment.id);
    await skipAssignment(labeler, ahead.assignment.id, { reason: "blurred" });
    const last = (await nextAssignment(labeler, projectId))!;
    expect(await nextAssignment(labeler, projectId, { ahead: true })).toBeNull();
    expect(await projectProgress(labeler, projectId)).toEqual({ mine: 1, mineSkipped: 1, today: null, complete: 1, items: 3 });
    expect((await listProjectsFor(labeler)).find((project) => project.id === projectId)).toMatchObject({ itemCount: 3, progress: { mine: 1, complete: 1 } });
    expect(last.item.id).not.toBe(current.item.id);
  });

  it("lets only one of a submit and a skip sent at once on the same lease through; the other gets 409 (issue 19 #4)", async () => {
    const trials = 12;
    const { projectId, labelers } = await projectWithItems("SubmitOrSkip", trials, 2, 1);
    const [labeler] = labelers as [Caller];
    for (let trial = 0; trial < trials; trial++) {
      const lease = (await nextAssignment(labeler, projectId))!;
      const outcomes = await Promise.allSettled([
        submitAnnotation(labeler, lease.assignment.id, { result: answer("ok"), activeMs: 5 }, null),
        skipAssignment(labeler, lease.assignment.id, { reason: "blurred" }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected")!;
      expect(refused.reason).toMatchObject({ status: 409 });
      const item = await context().client.item.findUniqueOrThrow({ where: { id: lease.item.id }, select: { submittedCount: true, leaseCount: true } });
      const stored = await context().client.annotation.count({ where: { itemId: lease.item.id, isDraft: false } });
      const status = (await context().client.assignment.findUniqueOrThrow({ where: { id: lease.assignment.id } })).status;
      // The lease ended one way, and the item's counters say the same.
      expect([item.submittedCount, item.leaseCount, stored]).toEqual(status === "submitted" ? [1, 0, 1] : [0, 0, 0]);
    }
  });

  it("renews a lease when it is opened and with each draft, frees a released one, and takes no draft after a submit", async () => {
    const { projectId, labelers } = await projectWithItems("Renew", 2, 1, 2);
    const [labeler, other] = labelers as [Caller, Caller];
    const current = (await nextAssignment(labeler, projectId))!;
    const ahead = (await nextAssignment(labeler, projectId, { ahead: true }))!;
    const soon = new Date(Date.now() + 60_000);
    await context().client.assignment.updateMany({ where: { id: { in: [current.assignment.id, ahead.assignment.id] } }, data: { expiresAt: soon } });
    await saveDraft(labeler, current.assignment.id, { result: answer("ok") });
    const expiry = async (id: string) => (await context().client.assignment.findUniqueOrThrow({ where: { id } })).expiresAt.getTime();
    expect(await expiry(current.assignment.id)).toBeGreaterThan(soon.getTime() + 60_000);
    await context().client.assignment.update({ where: { id: current.assignment.id }, data: { expiresAt: soon } });
    expect((await nextAssignment(labeler, projectId))!.assignment.id).toBe(current.assignment.id);
    expect(await expiry(current.assignment.id)).toBeGreaterThan(soon.getTime() + 60_000);
    expect(await expiry(ahead.assignment.id)).toBe(soon.getTime()); // still only prefetched

    // The other labeler finds nothing while both items are leased; a released lease frees its item.
    expect(await nextAssignment(other, projectId)).toBeNull();
    await releaseAssignment(labeler, ahead.assignment.id);
    expect((await nextAssignment(other, projectId))!.item.id).toBe(ahead.item.id);

    await submitAnnotation(labeler, current.assignment.id, { result: answer("ok"), activeMs: 5 }, null);
    expect((await failure(saveDraft(labeler, current.assignment.id, { result: answer("scratch") }))).status).toBe(409);
    expect(await context().client.annotation.count({ where: { itemId: current.item.id, isDraft: true } })).toBe(0);
  });

  it("shows each labeler's latest submission to reviewers, and a labeler only their own", async () => {
    const { projectId, labelers } = await projectWithItems("Answers", 1, 2, 2);
    const [first, second] = labelers as [Caller, Caller];
    const leaseOne = (await nextAssignment(first, projectId))!;
    const leaseTwo = (await nextAssignment(second, projectId))!;
    await leaseTakenAgo(context().client, leaseOne.assignment.id, 60_000);
    const revised = await submitAnnotation(first, leaseOne.assignment.id, { result: answer("ok"), activeMs: 10 }, null);
    await submitAnnotation(first, leaseOne.assignment.id, { result: answer("scratch"), activeMs: 20, revision: revised.revision }, null);
    await saveDraft(second, leaseTwo.assignment.id, { result: answer("ok") });

    const own = await itemAnnotations(first, leaseOne.item.id);
    expect(own.map((annotation) => [annotation.labeler.id, annotation.revision, annotation.result])).toEqual([[first.user.id, 2, answer("scratch")]]);
    expect(await itemAnnotations(second, leaseOne.item.id)).toEqual([]); // a draft is not a submission
    await submitAnnotation(second, leaseTwo.assignment.id, { result: answer("ok"), activeMs: 5 }, null);
    const all = await itemAnnotations(manager, leaseOne.item.id);
    expect(all.map((annotation) => annotation.labeler.id).sort()).toEqual([first.user.id, second.user.id].sort());
    expect(all.find((annotation) => annotation.labeler.id === first.user.id)).toMatchObject({ revision: 2, activeMs: 20, guidelineVersion: 1 });
  });

  it("expires leases: the slot returns, and the late labeler gets a 409 that keeps their work", async () => {
    const { projectId, labelers } = await projectWithItems("Expiry", 1, 1, 2);
    const [slow, quick] = labelers as [Caller, Caller];
    const lease = (await nextAssignment(slow, projectId))!;
    expect(await nextAssignment(quick, projectId)).toBeNull();
    await context().client.assignment.update({ where: { id: lease.assignment.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await nextAssignment(quick, projectId))!.item.id).toBe(lease.item.id);
    const late = await failure(submitAnnotation(slow, lease.assignment.id, { result: answer("ok"), activeMs: 5 }, null));
    expect(late.status).toBe(409);
    expect(late.message).toMatch(/^Your lease on this item expired at .* Your work is still in your browser/);
    expect((await failure(saveDraft(slow, lease.assignment.id, { result: answer("ok") }))).status).toBe(409);

    // Removed from the project, a labeler can no longer use a lease they still hold.
    const quickLease = (await nextAssignment(quick, projectId))!;
    await removeMember(manager, projectId, quick.user.id);
    expect((await failure(saveDraft(quick, quickLease.assignment.id, { result: answer("ok") }))).status).toBe(404);
    expect((await failure(submitAnnotation(quick, quickLease.assignment.id, { result: answer("ok"), activeMs: 1 }, null))).status).toBe(404);
  });

  it("refuses a stale tab's draft save and submit (409 naming the newer version) without overwriting; clients that send no version are not checked", async () => {
    const { projectId, labelers } = await projectWithItems("Tabs", 1, 1, 1);
    const [labeler] = labelers as [Caller];
    const lease = (await nextAssignment(labeler, projectId))!;
    expect(lease.assignment.draftVersion).toBe(0);
    const tabA = await saveDraft(labeler, lease.assignment.id, { result: answer("scratch"), activeMs: 10, draftVersion: 0 });
    expect(tabA.draftVersion).toBe(1);

    const tabB = await failure(saveDraft(labeler, lease.assignment.id, { result: answer("ok"), activeMs: 20, draftVersion: 0 }));
    expect([tabB.status, tabB.details]).toEqual([409, { draftVersion: 1 }]);
    expect(tabB.message).toMatch(/^This task changed in another tab/);
    const stored = await context().client.annotation.findMany({ where: { itemId: lease.item.id, isDraft: true }, select: { result: true, activeMs: true } });
    expect(stored).toEqual([{ result: answer("scratch"), activeMs: 10 }]);
    // Reopening the task (the tab's "load the newer version") gives tab A's draft and its version.
    const reopened = (await nextAssignment(labeler, projectId))!;
    expect([reopened.assignment.draftVersion, reopened.draft?.result]).toEqual([1, answer("scratch")]);

    const staleSubmit = await failure(submitAnnotation(labeler, lease.assignment.id, { result: answer("ok"), activeMs: 5, draftVersion: 0 }, null));
    expect([staleSubmit.status, staleSubmit.details]).toEqual([409, { draftVersion: 1 }]);
    expect(await context().client.annotation.count({ where: { itemId: lease.item.id, isDraft: false } })).toBe(0);

    // An API client that sends no version saves unchecked, and still learns the new version.
    expect((await saveDraft(labeler, lease.assignment.id, { result: answer("scratch") })).draftVersion).toBe(2);
    expect((await failure(submitAnnotation(labeler, lease.assignment.id, { result: answer("ok"), activeMs: 5, draftVersion: 1 }, null))).details).toEqual({ draftVersion: 2 });
    const submitted = await submitAnnotation(labeler, lease.assignment.id, { result: answer("ok"), activeMs: 5, draftVersion: 2 }, null);
    expect(submitted.revision).toBe(1);
    // The submit bumped the version too: the other tab's next save is stale rather than "lease expired".
    expect((await failure(saveDraft(labeler, lease.assignment.id, { result: answer("scratch"), draftVersion: 2 }))).message).toMatch(/^This task changed in another tab/);
    expect(await context().client.annotation.count({ where: { itemId: lease.item.id, isDraft: true } })).toBe(0);
  });

  it("lets only one of four racing saves based on the same version through", async () => {
    const { projectId, labelers } = await projectWithItems("RaceTabs", 1, 1, 1);
    const [labeler] = labelers as [Caller];
    const lease = (await nextAssignment(labeler, projectId))!;
    const outcomes = await Promise.allSettled(["ok", "scratch", "borderline", "ok"].map((value) => saveDraft(labeler, lease.assignment.id, { result: answer(value), draftVersion: 0 })));
    const saved = outcomes.filter((outcome) => outcome.status === "fulfilled");
    expect(saved.map((outcome) => outcome.value.draftVersion)).toEqual([1]);
    expect(outcomes.filter((outcome) => outcome.status === "rejected").map((outcome) => (outcome.reason as { status: number }).status)).toEqual([409, 409, 409]);
    expect(await context().client.annotation.count({ where: { itemId: lease.item.id, isDraft: true } })).toBe(1);
  });

  it("records the server's user agent and version whatever the client says, and caps active time at the lease's age", async () => {
    const { projectId, labelers } = await projectWithItems("Provenance", 2, 1, 1);
    const [labeler] = labelers as [Caller];
    const lease = (await nextAssignment(labeler, projectId))!;
    const aWeek = 7 * 24 * 3600 * 1000;
    const submitted = await submitAnnotation(
      labeler,
      lease.assignment.id,
      { result: answer("ok"), activeMs: aWeek, client: { viewport: "1280x800", timezone: "Europe/Berlin", appVersion: "9.9.9-not-concord" } },
      "Mozilla/5.0 real browser",
    );
    const stored = await context().client.annotation.findUniqueOrThrow({ where: { id: submitted.annotationId } });
    const leasedAt = (await context().client.assignment.findUniqueOrThrow({ where: { id: lease.assignment.id } })).leasedAt;
    expect(stored.activeMs).toBeLessThanOrEqual(stored.submittedAt!.getTime() - leasedAt.getTime());
    expect(stored.activeMs).toBeLessThan(60_000);
    expect(stored.clientInfo).toEqual({ viewport: "1280x800", timezone: "Europe/Berlin", clientAppVersion: "9.9.9-not-concord", userAgent: "Mozilla/5.0 real browser", appVersion: CONCORD_VERSION });
    // A client cannot name the user agent either: the field is refused.
    const second = (await nextAssignment(labeler, projectId))!;
    const refused = await failure(submitAnnotation(labeler, second.assignment.id, { result: answer("ok"), activeMs: 1, client: { userAgent: "curl" } }, null));
    expect([refused.status, refused.message]).toEqual([400, "client.userAgent: unknown field"]);
  });

  it("saves drafts, submits with provenance, and appends revisions with optimistic concurrency", async () => {
    const { projectId, labelers } = await projectWithItems("Revise", 1, 1, 2);
    const [labeler, other] = labelers as [Caller, Caller];
    const lease = (await nextAssignment(labeler, projectId))!;
    expect(lease.draft).toBeNull();
    await leaseTakenAgo(context().client, lease.assignment.id, 60_000);
    await saveDraft(labeler, lease.assignment.id, { result: answer("scratch"), activeMs: 1200 });
    const reopened = (await nextAssignment(labeler, projectId))!;
    expect(reopened.draft).toMatchObject({ result: answer("scratch"), activeMs: 1200 });

    expect((await failure(submitAnnotation(other, lease.assignment.id, { result: answer("ok"), activeMs: 1 }, null))).status).toBe(404);
    const invalid = await failure(submitAnnotation(labeler, lease.assignment.id, { result: answer("dent"), activeMs: 1 }, null));
    expect(invalid.message).toBe('result.0.values.0: "dent" is not a class of task "defect" (ok, scratch, borderline)');

    const first = await submitAnnotation(labeler, lease.assignment.id, { result: answer("borderline"), activeMs: 4200, client: { viewport: "1280x800" } }, "Mozilla/5.0 test");
    expect(first.revision).toBe(1);
    const stored = await context().client.annotation.findUniqueOrThrow({ where: { id: first.annotationId }, include: { guidelineVersion: true } });
    expect(stored).toMatchObject({ labelerId: labeler.user.id, assignmentId: lease.assignment.id, revision: 1, activeMs: 4200, isDraft: false, result: answer("borderline") });
    expect(stored.guidelineVersion?.version).toBe(1);
    expect(stored.clientInfo).toMatchObject({ userAgent: "Mozilla/5.0 test", viewport: "1280x800", appVersion: expect.any(String) });
    expect(stored.submittedAt!.getTime()).toBeGreaterThanOrEqual(stored.startedAt.getTime());
    expect(await context().client.annotation.count({ where: { itemId: lease.item.id, isDraft: true } })).toBe(0);

    const again = await failure(submitAnnotation(labeler, lease.assignment.id, { result: answer("ok"), activeMs: 1 }, null));
    expect(again.message).toBe('This item is already submitted (revision 1); send "revision": 1 to revise it.');
    const second = await submitAnnotation(labeler, lease.assignment.id, { result: answer("scratch"), activeMs: 900, revision: 1 }, null);
    expect(second.revision).toBe(2);
    const stale = await failure(submitAnnotation(labeler, lease.assignment.id, { result: answer("ok"), activeMs: 1, revision: 1 }, null));
    expect([stale.status, stale.message]).toEqual([409, "Revision 1 is out of date: revision 2 was submitted since. Reload to see it; nothing was overwritten."]);
    const history = await context().client.annotation.findMany({ where: { itemId: lease.item.id, isDraft: false }, orderBy: { revision: "asc" }, select: { revision: true, result: true } });
    expect(history).toEqual([
      { revision: 1, result: answer("borderline") },
      { revision: 2, result: answer("scratch") },
    ]);
    expect((await failure(skipAssignment(labeler, lease.assignment.id, { reason: "" }))).message).toBe("reason: say why you skip");
  });

  it("refuses a submission without its required tasks (400 naming each with its path, nothing stored) but saves it as a draft", async () => {
    const tasks = [
      { key: "defect", type: "classification", classes: ["ok", "scratch"] },
      { key: "boxes", type: "bbox", classes: ["scratch"], required: true },
      { key: "outline", type: "polygon", classes: ["scratch"] },
    ];
    const { projectId, labelers } = await projectWithItems("Required", 1, 1, 1, tasks);
    const labeler = labelers[0]!;
    const call = apiClient((await createApiToken({ user: labeler.user, via: "session" }, { name: "required" })).token);
    const lease = (await nextAssignment(labeler, projectId))!;
    const params = { assignmentId: lease.assignment.id };
    const send = (route: typeof submitRoute, method: string, body: object) => call(route, params, `/assignments/${lease.assignment.id}/${method === "PUT" ? "draft" : "submit"}`, { method, body: JSON.stringify(body) });

    // Nothing answered: the class (required by default) and the boxes (required here) are named; the outline is optional.
    const unanswered: object[] = [];
    const refused = await expectJson<{ error: { code: string; message: string; details: { path: string[]; problems: { path: string[]; message: string }[] } } }>(
      await send(submitRoute, "POST", { result: unanswered, activeMs: 10 }),
      400,
    );
    expect(refused.error).toEqual({
      code: "bad_request",
      message: 'result: task "defect" is required: choose a class; result: task "boxes" is required: draw at least one box',
      details: {
        path: ["result"],
        problems: [
          { path: ["result"], message: 'result: task "defect" is required: choose a class' },
          { path: ["result"], message: 'result: task "boxes" is required: draw at least one box' },
        ],
      },
    });
    expect(await context().client.annotation.count({ where: { itemId: lease.item.id } })).toBe(0);
    expect(await context().client.assignment.findUniqueOrThrow({ where: { id: lease.assignment.id }, select: { status: true } })).toEqual({ status: "active" });

    // The same answer is a draft, and a draft may hold a box still too small to submit.
    const sliver = { task: "boxes", type: "bbox", label: "scratch", x: 1, y: 1, width: 0.2, height: 8 };
    await expectJson(await send(draftRoute, "PUT", { result: [...unanswered, sliver] }), 200);
    expect((await nextAssignment(labeler, projectId))!.draft?.result).toEqual([...unanswered, sliver]);
    const tooThin = await expectJson<{ error: { message: string; details: { path: string[] } } }>(
      await send(submitRoute, "POST", { result: [{ task: "defect", type: "classification", values: ["ok"] }, sliver], activeMs: 10 }),
      400,
    );
    expect(tooThin.error.message).toBe('result.1: box "scratch" of task "boxes" is 0.2 × 8 px; a box must be at least 1 px wide and 1 px high: draw it larger, or delete it');
    expect(tooThin.error.details.path).toEqual(["result", "1"]);

    const answered = [{ task: "defect", type: "classification", values: ["ok"] }, { ...sliver, width: 1 }];
    await expectJson(await send(submitRoute, "POST", { result: answered, activeMs: 10 }), 201);
    expect(await context().client.annotation.findMany({ where: { itemId: lease.item.id }, select: { isDraft: true, result: true } })).toEqual([{ isDraft: false, result: answered }]);
  });
});
