import { expect, it } from "vitest";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import { skipAssignment, submitAnnotation } from "./annotations";
import { nextAssignment } from "./assignments";
import type { Caller } from "./auth/caller";
import { backgroundSettled } from "./background";
import { endOverdueWaits, refitLabelerModels, rejudgeStaleItems } from "./judging";
import { addMember, createProject, updateProject } from "./projects";
import { myRecentItems, openRevision } from "./relabeling";
import { decideItem, itemReview, reviewQueue, type ItemReview } from "./review";
import { createUser } from "./users";

const TASKS = [{ key: "scene", type: "classification", classes: ["space", "animal", "city"], uncertainClass: "unsure" }];
const answer = (value: string) => [{ task: "scene", type: "classification", values: [value] }];

describeEachDatabase("judging: labeler models, escalation timeouts, concurrent submissions", (context) => {
  const tag = () => context().target.provider;
  let admin: Caller;
  let reviewer: Caller;
  const labelers: Caller[] = [];

  async function user(name: string, isAdmin = false): Promise<Caller> {
    return { user: await createUser({ email: `${name}@judging-${tag()}.test`, name, password: "password 123", isAdmin }), via: "session" };
  }

  async function project(name: string, options: { overlap?: number; maxOverlap?: number; labelers?: number } = {}): Promise<string> {
    const { id } = await createProject(admin, { name, mediaKind: "image", overlap: options.overlap ?? 3, maxOverlap: options.maxOverlap ?? 5, tasks: TASKS });
    for (const labeler of labelers.slice(0, options.labelers ?? 3)) await addMember(admin, id, { email: labeler.user.email, role: "labeler" });
    await addMember(admin, id, { email: reviewer.user.email, role: "reviewer" });
    return id;
  }

  async function items(projectId: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      const item = await context().client.item.create({
        data: { projectId, mediaPath: `x/${index}.png`, mimeType: "image/png", originalName: `${index}.png`, sha256: `${projectId}-${index}`, sizeBytes: 1, width: 10, height: 10, metadata: {}, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)) },
      });
      ids.push(item.id);
    }
    return ids;
  }

  /** The labeler takes their next item (it must be `itemId`) and submits this class. */
  async function label(labeler: Caller, projectId: string, value: string, itemId?: string): Promise<string> {
    const lease = await nextAssignment(labeler, projectId);
    if (!lease) throw new Error(`${labeler.user.name} got no item`);
    if (itemId) expect(lease.item.id).toBe(itemId);
    await submitAnnotation(labeler, lease.assignment.id, { result: answer(value), activeMs: 1000 }, null);
    return lease.item.id;
  }

  const review = async (itemId: string) => (await itemReview(reviewer, itemId)) as ItemReview;

  it("sets up people", async () => {
    admin = await user("admin", true);
    reviewer = await user("rita");
    for (const name of ["ann", "ben", "cat", "dan"]) labelers.push(await user(name));
  });

  it("never lets the labeler model overrule agreement, nor makes the uncertainty class a consensus label", async () => {
    const projectId = await project("Space photos");
    const ids = await items(projectId, 26);
    const [ann, ben, cat] = labelers as [Caller, Caller, Caller];
    // 22 items where Ann and Ben are often unsure and Cat often disagrees: a model fitted on them finds "unsure" common.
    for (let index = 0; index < 22; index++) {
      await label(ann, projectId, index % 2 ? "unsure" : "space", ids[index]);
      await label(ben, projectId, index % 3 ? "unsure" : "animal", ids[index]);
      await label(cat, projectId, index % 4 ? "city" : "space", ids[index]);
    }
    await backgroundSettled();
    // A fit reads the newest items only, however large the project: here the newest 20 of the 22.
    await refitLabelerModels(projectId, { fitItems: 20 });
    const windowed = await context().client.labelerModel.findFirstOrThrow({ where: { projectId }, orderBy: { version: "desc" } });
    expect(windowed.items).toBeLessThanOrEqual(20);
    expect(windowed.ratings).toBeLessThanOrEqual(60);
    expect(await refitLabelerModels(projectId)).toEqual(["scene"]);
    const model = await context().client.labelerModel.findFirstOrThrow({ where: { projectId }, orderBy: { version: "desc" } });
    expect(model.items).toBeGreaterThan(windowed.items);
    // The uncertainty class is an abstention: never a class of the model.
    expect(Object.keys((model.parameters as { priors: object }).priors).sort()).toEqual(["animal", "city", "space"]);

    // Three say "space" on three photos: the consensus is "space", whatever the model says.
    for (const itemId of ids.slice(22, 25)) {
      for (const labeler of [ann, ben, cat]) await label(labeler, projectId, "space", itemId);
      expect(await review(itemId)).toMatchObject({ state: "accepted", gold: answer("space"), consensus: { method: "unanimous", result: answer("space") } });
    }
    // "space, space, animal": never "unsure"; the vote's answer, confirmed by the model or sent to review.
    const split = ids[25]!;
    for (const [labeler, value] of [[ann, "space"], [ben, "space"], [cat, "animal"]] as const) await label(labeler, projectId, value, split);
    const judged = await review(split);
    expect(judged.consensus!.result).toEqual(answer("space"));
    expect(judged.consensus!.tasks[0]!.model).toMatchObject({ ref: { id: model.id, version: model.version, items: model.items }, vote: "space" });
    if (judged.consensus!.tasks[0]!.model!.label === "space") expect(judged.state).toBe("accepted");
    else expect(judged).toMatchObject({ state: "flagged", reasons: [expect.objectContaining({ code: "model-disagrees" })] });
    // No consensus anywhere in the project is the uncertainty class.
    const results = await context().client.consensusResult.findMany({ where: { projectId }, select: { result: true } });
    expect(results.flatMap((row) => (row.result as { values: string[] }[]).flatMap((entry) => entry.values))).not.toContain("unsure");
  });

  it("sends a majority the model disbelieves to review, re-judges earlier items on a refit, and keeps both judgments in the history", async () => {
    const projectId = await project("Reliable minority");
    const ids = await items(projectId, 26);
    const [ann, ben, cat] = labelers as [Caller, Caller, Caller];
    const truth = (index: number) => (index % 3 === 0 ? "city" : "animal");
    const other = (index: number) => (truth(index) === "city" ? "animal" : "city");
    // Cat is always right. Ann errs on every fourth item, Ben on others, and on items 3, 11 and 19 both err alike and
    // outvote Cat: before any model, the vote accepts their wrong answer.
    const annErrs = (index: number) => index % 4 === 1 || index % 8 === 3;
    const benErrs = (index: number) => index % 4 === 2 || index % 8 === 3;
    for (let index = 0; index < 24; index++) {
      await label(ann, projectId, annErrs(index) ? other(index) : truth(index), ids[index]);
      await label(ben, projectId, benErrs(index) ? other(index) : truth(index), ids[index]);
      await label(cat, projectId, truth(index), ids[index]);
    }
    const outvoted = ids[3]!;
    // Models were refitted in the background as items were judged; one more fit on all 24 items.
    await backgroundSettled();
    await refitLabelerModels(projectId);

    // The model trusts Cat: the accepted item is judged again and goes to review, with both judgments kept.
    const rejudged = await review(outvoted);
    expect(rejudged).toMatchObject({
      state: "flagged",
      consensus: { trigger: "refit", state: "flagged", result: answer(other(3)), tasks: [{ model: { label: truth(3), vote: other(3) } }] },
      reasons: [expect.objectContaining({ code: "model-disagrees", detail: expect.stringContaining(`the vote says "${other(3)}" (2 of 3), the model "${truth(3)}"`) })],
    });
    expect(rejudged.history.at(-1)).toMatchObject({ trigger: "submission", state: "accepted", method: "majority-vote", result: answer(other(3)) });
    expect(rejudged.history.slice(0, -1).every((judgment) => judgment.trigger === "refit")).toBe(true);
    const flagged = (await reviewQueue(reviewer, projectId, new URLSearchParams({ reason: "model-disagrees" }))).items.map((entry) => entry.itemId).sort();
    expect(flagged).toEqual([ids[3], ids[11], ids[19]].sort());
    // An item the refit does not change keeps its one judgment.
    expect((await review(ids[0]!)).history).toHaveLength(1);

    // A new item after the fit: Ann and Ben against Cat goes to review, the vote's answer proposed, the model's beside it.
    const late = ids[24]!;
    for (const [labeler, value] of [[ann, "animal"], [ben, "animal"], [cat, "city"]] as const) await label(labeler, projectId, value, late);
    expect(await review(late)).toMatchObject({ state: "flagged", consensus: { result: answer("animal"), tasks: [{ method: "majority-vote", model: { label: "city", vote: "animal" } }] } });
    // Where the model agrees with the majority, its posterior is the confidence.
    const agreed = ids[25]!;
    for (const [labeler, value] of [[ann, "city"], [ben, "animal"], [cat, "city"]] as const) await label(labeler, projectId, value, agreed);
    const confirmed = await review(agreed);
    expect(confirmed).toMatchObject({ state: "accepted", consensus: { method: "dawid-skene", result: answer("city") } });
    expect(confirmed.consensus!.confidence).toBeGreaterThan(0.99);
  });

  it("judges again after an upgrade what was judged under the old rules: a changed outcome is recorded, an unchanged one only marked", async () => {
    const projectId = await project("Upgraded");
    const [stale, unchanged] = await items(projectId, 2);
    const [ann, ben, cat] = labelers as [Caller, Caller, Caller];
    for (const itemId of [stale, unchanged]) for (const labeler of [ann, ben, cat]) await label(labeler, projectId, "space", itemId);
    // What an earlier release stored for the first: the model's "unsure" over three "space", accepted. The migration
    // that brought the current rules marks both to be judged again.
    await context().client.consensusResult.create({
      data: { projectId, itemId: stale!, method: "dawid-skene", result: answer("unsure"), confidence: 0.55, agreement: { reasons: [] }, flagged: false, trigger: "submission", state: "accepted" },
    });
    await context().client.item.updateMany({ where: { projectId }, data: { agreementAt: null } });

    expect(await rejudgeStaleItems(projectId)).toEqual({ judged: 2, changed: 1 });
    const upgraded = await review(stale!);
    expect(upgraded).toMatchObject({ state: "accepted", gold: answer("space"), consensus: { trigger: "upgrade", method: "unanimous" } });
    expect(upgraded.history.map((judgment) => judgment.trigger)).toEqual(["upgrade", "submission", "submission"]);
    expect((await review(unchanged!)).history.map((judgment) => judgment.trigger)).toEqual(["submission"]);
    // Done stays done.
    expect(await rejudgeStaleItems(projectId)).toEqual({ judged: 0, changed: 0 });
  });

  it("escalates only while someone can still label the item, and otherwise sends it to review at once", async () => {
    // Four people in the project (three labelers and a reviewer), maximum five: nobody is left to ask.
    const projectId = await project("Nobody left");
    const [item] = await items(projectId, 1);
    const [ann, ben, cat] = labelers as [Caller, Caller, Caller];
    for (const [labeler, value] of [[ann, "space"], [ben, "animal"], [cat, "city"]] as const) await label(labeler, projectId, value, item);
    expect(await review(item!)).toMatchObject({ state: "flagged", reasons: expect.arrayContaining([expect.objectContaining({ code: "no-labeler-left" })]) });
    expect((await context().client.item.findUniqueOrThrow({ where: { id: item! } })).extraLabelers).toBe(0);

    // A labeler joins afterwards, and Ann looks again and keeps her answer: the item stays with the reviewer, not
    // sent back to waiting.
    await addMember(admin, projectId, { email: labelers[3]!.user.email, role: "labeler" });
    const revision = await openRevision(ann, item!);
    await submitAnnotation(ann, revision.assignment.id, { result: answer("space"), activeMs: 500 }, null);
    expect(await review(item!)).toMatchObject({ state: "flagged", consensus: { trigger: "revision" }, reasons: expect.arrayContaining([expect.objectContaining({ code: "no-labeler-left" })]) });
    expect(await nextAssignment(labelers[3]!, projectId)).toBeNull();
  });

  it("asks for no more labelers once a reviewer decides an item that waits for one", async () => {
    const projectId = await project("Decided while waiting", { labelers: 4 });
    const [item] = await items(projectId, 1);
    const [ann, ben, cat, dan] = labelers as [Caller, Caller, Caller, Caller];
    for (const [labeler, value] of [[ann, "space"], [ben, "animal"], [cat, "city"]] as const) await label(labeler, projectId, value, item);
    expect(await review(item!)).toMatchObject({ state: "escalated" });
    await decideItem(reviewer, item!, { action: "exclude", reason: "a blurred frame", category: "data-issue" });
    expect(await context().client.item.findUniqueOrThrow({ where: { id: item! }, select: { extraLabelers: true, waitingSince: true } })).toEqual({ extraLabelers: 0, waitingSince: null });
    expect(await nextAssignment(dan, projectId)).toBeNull();
  });

  it("sends an escalated item to review when its last eligible labeler skips it, when it waited too long, or when the maximum is lowered", async () => {
    const projectId = await project("Waiting", { labelers: 4 });
    const [skipped, overdue, lowered] = await items(projectId, 3);
    const [ann, ben, cat, dan] = labelers as [Caller, Caller, Caller, Caller];
    for (const itemId of [skipped, overdue, lowered]) for (const [labeler, value] of [[ann, "space"], [ben, "animal"], [cat, "city"]] as const) await label(labeler, projectId, value, itemId);
    for (const itemId of [skipped, overdue, lowered]) expect(await review(itemId!)).toMatchObject({ state: "escalated" });

    // Dan is the only one left for each; he skips the first.
    const lease = (await nextAssignment(dan, projectId))!;
    expect(lease.item.id).toBe(skipped);
    await skipAssignment(dan, lease.assignment.id, { reason: "cannot tell" });
    expect(await review(skipped!)).toMatchObject({ state: "flagged", consensus: { trigger: "skip" }, reasons: expect.arrayContaining([expect.objectContaining({ code: "no-labeler-left" })]) });

    // The second has waited 25 hours (the default timeout is 24).
    await context().client.item.update({ where: { id: overdue! }, data: { waitingSince: new Date(Date.now() - 25 * 3_600_000) } });
    expect(await endOverdueWaits(projectId)).toBe(1);
    expect(await review(overdue!)).toMatchObject({ state: "flagged", consensus: { trigger: "timeout" }, reasons: expect.arrayContaining([{ code: "waited-too-long", detail: "waited more than 24 h for one more labeler" }]) });
    expect(await endOverdueWaits(projectId)).toBe(0);

    // The third: lowering the maximum to three judges it at once.
    await updateProject(admin, projectId, { maxOverlap: 3 });
    expect(await review(lowered!)).toMatchObject({ state: "flagged", consensus: { trigger: "settings" }, reasons: expect.arrayContaining([expect.objectContaining({ code: "max-overlap-lowered" })]) });
    // Nobody is offered any of them now.
    expect(await nextAssignment(dan, projectId)).toBeNull();
  });

  it("judges the last concurrent submissions of an item once: one escalation, never past the overlap", async () => {
    const projectId = await project("Race", { labelers: 4 });
    const [item] = await items(projectId, 1);
    const [ann, ben, cat, dan] = labelers as [Caller, Caller, Caller, Caller];
    const leases = await Promise.all([ann, ben, cat].map((labeler) => nextAssignment(labeler, projectId)));
    await Promise.all(
      [ann, ben, cat].map((labeler, index) => submitAnnotation(labeler, leases[index]!.assignment.id, { result: answer(["space", "animal", "city"][index]!), activeMs: 10 }, null)),
    );
    const row = await context().client.item.findUniqueOrThrow({ where: { id: item! } });
    expect([row.reviewState, row.extraLabelers, row.submittedCount]).toEqual(["escalated", 1, 3]);
    expect(await context().client.consensusResult.count({ where: { itemId: item! } })).toBe(1);
    // One more labeler, and only one, gets it.
    await label(dan, projectId, "space", item);
    expect((await context().client.item.findUniqueOrThrow({ where: { id: item! } })).submittedCount).toBe(4);
  });

  it("refuses to lower the timeout below 1 hour and judges overdue items when it is lowered", async () => {
    const projectId = await project("Timeout", { labelers: 4 });
    const [item] = await items(projectId, 1);
    const [ann, ben, cat] = labelers as [Caller, Caller, Caller];
    for (const [labeler, value] of [[ann, "space"], [ben, "animal"], [cat, "city"]] as const) await label(labeler, projectId, value, item);
    await context().client.item.update({ where: { id: item! }, data: { waitingSince: new Date(Date.now() - 3 * 3_600_000) } });
    expect((await failure(updateProject(admin, projectId, { escalationTimeoutHours: 0 }))).message).toMatch(/^escalationTimeoutHours: /);
    await updateProject(admin, projectId, { escalationTimeoutHours: 2 });
    expect(await review(item!)).toMatchObject({ state: "flagged", reasons: expect.arrayContaining([{ code: "waited-too-long", detail: "waited more than 2 h for one more labeler" }]) });
  });

  it("asks those who disagreed to revise: the item comes first in their queue with their answer and the reason, and is judged when the revisions are in", async () => {
    const projectId = await project("Relabel");
    const [disputed, next] = await items(projectId, 2);
    const [ann, ben, cat] = labelers as [Caller, Caller, Caller];
    for (const [labeler, value] of [[ann, "space"], [ben, "space"], [cat, "unsure"]] as const) await label(labeler, projectId, value, disputed);
    // An uncertainty vote goes straight to review; the reviewer asks the one who was unsure.
    expect(await review(disputed!)).toMatchObject({ state: "flagged", relabelDefault: [cat.user.id] });
    const decision = await decideItem(reviewer, disputed!, { action: "relabel", reason: "a nebula is space; look again", category: "guideline-gap" });
    expect(decision.relabel).toEqual({ mode: "revise", labelers: [cat.user.id] });

    // Ann is not asked: her queue goes on with the next item.
    expect((await nextAssignment(ann, projectId))!.item.id).toBe(next);
    const lease = (await nextAssignment(cat, projectId))!;
    expect(lease.item.id).toBe(disputed);
    expect(lease.revision).toMatchObject({ of: 1, result: answer("unsure"), request: { reason: "a nebula is space; look again" } });
    // The revision holds no slot: nobody else is offered the item.
    await submitAnnotation(cat, lease.assignment.id, { result: answer("space"), activeMs: 2000 }, null);
    const judged = await review(disputed!);
    expect(judged).toMatchObject({ state: "accepted", gold: answer("space"), consensus: { trigger: "relabel" }, revisionRequests: [expect.objectContaining({ status: "done" })] });
    const revisions = await context().client.annotation.findMany({ where: { itemId: disputed!, labelerId: cat.user.id, isDraft: false }, orderBy: { revision: "asc" }, select: { revision: true } });
    expect(revisions.map((row) => row.revision)).toEqual([1, 2]);
  });

  it("asks fresh labelers when the reviewer chooses, and refuses more than are left", async () => {
    const projectId = await project("Fresh", { labelers: 4 });
    const [item] = await items(projectId, 1);
    const [ann, ben, cat, dan] = labelers as [Caller, Caller, Caller, Caller];
    for (const [labeler, value] of [[ann, "space"], [ben, "space"], [cat, "unsure"]] as const) await label(labeler, projectId, value, item);
    const tooMany = await failure(decideItem(reviewer, item!, { action: "relabel", reason: "fresh eyes", category: "labeling-error", relabel: { mode: "fresh", labelers: 2 } }));
    expect([tooMany.status, tooMany.message]).toEqual([409, "Only 1 labeler of this project has not labeled or skipped this item; ask for fewer, or ask those who labeled it to revise."]);
    await decideItem(reviewer, item!, { action: "relabel", reason: "fresh eyes", category: "labeling-error", relabel: { mode: "fresh", labelers: 1 } });
    expect(await nextAssignment(ann, projectId)).toBeNull();
    await label(dan, projectId, "space", item);
    expect(await review(item!)).toMatchObject({ state: "flagged", consensus: { trigger: "submission", result: answer("space") } });
  });

  it("lets a labeler reopen and revise their own recent item until a reviewer decides it", async () => {
    const projectId = await project("Own revisions", { overlap: 2 });
    const [item] = await items(projectId, 1);
    const [ann, ben] = labelers as [Caller, Caller];
    await label(ann, projectId, "space", item);
    expect((await myRecentItems(ann, projectId, new URLSearchParams())).items).toEqual([expect.objectContaining({ itemId: item, revision: 1, decided: false, revisionRequested: false })]);
    const lease = await openRevision(ann, item!);
    expect(lease.revision).toEqual({ of: 1, result: answer("space"), request: null });
    expect((await openRevision(ann, item!)).assignment.id).toBe(lease.assignment.id);
    // The revision holds no overlap slot: Ben is offered the item while Ann's revision is open.
    const bens = (await nextAssignment(ben, projectId))!;
    expect(bens.item.id).toBe(item);
    await submitAnnotation(ann, lease.assignment.id, { result: answer("animal"), activeMs: 500 }, null);
    expect((await myRecentItems(ann, projectId, new URLSearchParams())).items[0]).toMatchObject({ revision: 2 });
    // Ben agrees; a reviewer decides it anyway: now nobody may revise it.
    await submitAnnotation(ben, bens.assignment.id, { result: answer("animal"), activeMs: 500 }, null);
    await decideItem(reviewer, item!, { action: "accept-consensus", reason: "checked", category: "labeling-error" });
    expect((await failure(openRevision(ann, item!))).status).toBe(409);
    expect((await myRecentItems(ann, projectId, new URLSearchParams())).items[0]).toMatchObject({ decided: true });
    const stale = await failure(submitAnnotation(ann, lease.assignment.id, { result: answer("city"), activeMs: 500, revision: 2 }, null));
    expect([stale.status, stale.message]).toEqual([409, "A reviewer has decided this item, so its answers can no longer be revised; a reviewer can send it back for relabeling."]);
  });
});
