import { expect, it } from "vitest";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import { skipAssignment, submitAnnotation } from "./annotations";
import { nextAssignment } from "./assignments";
import type { Caller } from "./auth/caller";
import { addMember, createProject } from "./projects";
import { projectAgreement } from "./agreement";
import { itemsHref, projectDashboard } from "./dashboard";
import { labelerFeedback } from "./feedback";
import { listItems } from "./items";
import { createReviewSession, decideItem, itemReview, listReviewSessions, reviewQueue, reviewSessionItems, type ItemReview } from "./review";
import { addImportedItems } from "./statistics";
import { createUser } from "./users";

const TASKS = [{ key: "defect", type: "classification", classes: ["ok", "scratch"], uncertainClass: "borderline" }];
const answer = (value: string) => [{ task: "defect", type: "classification", values: [value] }];

describeEachDatabase("flags, escalation and review decisions", (context) => {
  const tag = () => context().target.provider;
  const people = new Map<string, Caller>();
  let projectId: string;

  async function person(name: string, role: "labeler" | "reviewer" | null, isAdmin = false): Promise<Caller> {
    const caller: Caller = { user: await createUser({ email: `${name}@${tag()}.test`, name, password: "password 123", isAdmin }), via: "session" };
    if (role) await addMember(people.get("admin")!, projectId, { email: caller.user.email, role });
    people.set(name, caller);
    return caller;
  }

  /** Items named in order of creation, so the queue hands them out in that order. */
  async function items(count: number, metadata: (index: number) => object = () => ({})) {
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      const item = await context().client.item.create({
        data: { projectId, mediaPath: `x/${index}.png`, mimeType: "image/png", originalName: `${index}.png`, sha256: `review-${index}`, sizeBytes: 1, width: 10, height: 10, metadata: metadata(index), createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)) },
      });
      ids.push(item.id);
    }
    await addImportedItems(context().client, projectId, ids.map((_, index) => metadata(index) as Record<string, unknown>));
    return ids;
  }

  /** The labeler takes their next item and submits this class for it. */
  async function label(name: string, value: string, extra: { guidelinesUnclear?: boolean; note?: string } = {}) {
    const caller = people.get(name)!;
    const lease = await nextAssignment(caller, projectId);
    if (!lease) throw new Error(`${name} got no item`);
    await submitAnnotation(caller, lease.assignment.id, { result: answer(value), activeMs: 1000, ...extra }, null);
    return lease.item.id;
  }

  const review = async (itemId: string) => (await itemReview(people.get("rita")!, itemId)) as ItemReview;
  const queue = async (query: Record<string, string> = {}) => (await reviewQueue(people.get("rita")!, projectId, new URLSearchParams(query))).items.map((entry) => entry.itemId);

  it("accepts a unanimous item with its consensus, and flags or escalates the others with their reasons", async () => {
    const admin: Caller = { user: await createUser({ email: `admin@${tag()}.test`, password: "password 123", isAdmin: true }), via: "session" };
    people.set("admin", admin);
    projectId = (await createProject(admin, { name: "Review", mediaKind: "image", overlap: 2, maxOverlap: 3, tasks: TASKS })).id;
    for (const name of ["ann", "ben", "cat", "dan"]) await person(name, "labeler");
    await person("rita", "reviewer");
    const [unanimous, escalated, uncertain, unclear] = await items(4, (index) => ({ line: index % 2 ? "B" : "A" }));

    // Ann and Ben each label all four items in order.
    for (const [a, b] of [
      ["ok", "ok"],
      ["ok", "scratch"],
      ["borderline", "borderline"],
      ["scratch", "scratch"],
    ] as const) {
      await label("ann", a);
      await label("ben", b, b === "scratch" && a === "scratch" ? { guidelinesUnclear: true, note: "is a hairline a scratch?" } : {});
    }

    const accepted = await review(unanimous!);
    expect(accepted).toMatchObject({ state: "accepted", reasons: [], gold: answer("ok") });
    expect(accepted.consensus).toMatchObject({ method: "unanimous", result: answer("ok"), confidence: 1, trigger: "submission", state: "accepted" });

    // A 1–1 dispute asks for a third labeler (maxOverlap 3) instead of going to review.
    const disputed = await review(escalated!);
    expect(disputed.state).toBe("escalated");
    expect(disputed.reasons.map((reason) => reason.code)).toEqual(expect.arrayContaining(["low-agreement", "tie"]));
    expect((await context().client.item.findUniqueOrThrow({ where: { id: escalated! } })).extraLabelers).toBe(1);

    // Uncertainty and unclear guidelines go straight to a reviewer: another labeler would not settle them.
    expect(await review(uncertain!)).toMatchObject({ state: "flagged", reasons: [expect.objectContaining({ code: "uncertainty-vote", task: "defect" })] });
    expect((await review(unclear!)).reasons).toEqual([expect.objectContaining({ code: "guidelines-unclear" })]);
    expect(await queue()).toEqual(expect.arrayContaining([uncertain, unclear]));
    expect(await queue()).not.toContain(escalated);
    // On the dashboard, the escalated item is still in progress: it waits for one more labeler, not for a reviewer.
    const inProgress = (await projectDashboard(people.get("rita")!, projectId)).states.find((row) => row.state === "in progress")!;
    expect(inProgress.items).toBe(1);
    expect((await listItems(people.get("rita")!, projectId, new URL(inProgress.href, "http://concord.test").searchParams)).items.map((item) => item.id)).toEqual([escalated]);
  });

  it("re-judges an escalated item with the extra vote, and never escalates beyond maxOverlap", async () => {
    const [escalated] = (await context().client.item.findMany({ where: { projectId, reviewState: "escalated" }, select: { id: true } })).map((item) => item.id);
    // Cat's first item is the escalated one: started items come first.
    expect(await label("cat", "borderline")).toBe(escalated);
    const judged = await review(escalated!);
    expect(judged.state).toBe("flagged");
    expect(judged.reasons.map((reason) => reason.code)).toEqual(expect.arrayContaining(["low-agreement", "uncertainty-vote"]));
    expect((await context().client.item.findUniqueOrThrow({ where: { id: escalated! } })).extraLabelers).toBe(1);
    // Dan is not offered it: it has its three labelers (maxOverlap) and waits for review.
    const danLease = await nextAssignment(people.get("dan")!, projectId);
    expect(danLease?.item.id).not.toBe(escalated);
  });

  it("orders the queue lowest agreement first and filters it by reason, task, class, labeler and metadata", async () => {
    const flagged = await context().client.item.findMany({ where: { projectId, reviewState: "flagged" }, select: { id: true, reviewScore: true, originalName: true } });
    expect(flagged).toHaveLength(3);
    const byScore = [...flagged].sort((a, b) => (a.reviewScore ?? 2) - (b.reviewScore ?? 2) || a.id.localeCompare(b.id)).map((item) => item.id);
    expect(await queue()).toEqual(byScore);
    const escalatedOne = flagged.find((item) => item.originalName === "1.png")!.id;
    expect(byScore[0]).toBe(escalatedOne); // 1 of 3 agree: the lowest

    expect(await queue({ reason: "guidelines-unclear" })).toEqual([flagged.find((item) => item.originalName === "3.png")!.id]);
    expect(await queue({ task: "defect", reason: "low-agreement" })).toEqual([escalatedOne]);
    expect(await queue({ labeler: people.get("cat")!.user.id })).toEqual([escalatedOne]);
    expect((await queue({ label: "borderline" })).sort()).toEqual([escalatedOne, flagged.find((item) => item.originalName === "2.png")!.id].sort());
    expect(await queue({ "meta.line": "B" })).toEqual(byScore.filter((id) => id !== flagged.find((item) => item.originalName === "2.png")!.id));
    const firstPage = await reviewQueue(people.get("rita")!, projectId, new URLSearchParams({ limit: "2" }));
    const secondPage = await reviewQueue(people.get("rita")!, projectId, new URLSearchParams({ limit: "2", cursor: firstPage.nextCursor! }));
    expect([...firstPage.items, ...secondPage.items].map((entry) => entry.itemId)).toEqual(byScore);
    expect(secondPage.nextCursor).toBeNull();
    // A page at a time, with or without a filter read from the answers: the same items in the same order.
    const onePerPage = async (filters: Record<string, string>) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof reviewQueue>> = await reviewQueue(people.get("rita")!, projectId, new URLSearchParams({ ...filters, limit: "1", ...(cursor ? { cursor } : {}) }));
        ids.push(...page.items.map((entry) => entry.itemId));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    expect(await onePerPage({})).toEqual(byScore);
    expect(await onePerPage({ label: "borderline" })).toEqual(await queue({ label: "borderline" }));
    // Unscored items come last, and pages go on through them.
    const [lowest] = byScore;
    const { reviewScore } = await context().client.item.findUniqueOrThrow({ where: { id: lowest! }, select: { reviewScore: true } });
    await context().client.item.update({ where: { id: lowest! }, data: { reviewScore: null } });
    expect(await queue()).toEqual([...byScore.slice(1), lowest]);
    expect(await onePerPage({})).toEqual([...byScore.slice(1), lowest]);
    await context().client.item.update({ where: { id: lowest! }, data: { reviewScore } });
    expect((await failure(reviewQueue(people.get("rita")!, projectId, new URLSearchParams({ cursor: "no-such-item" })))).status).toBe(400);
  });

  it("keeps review to reviewers: labelers cannot decide, see the queue, or see others' answers in an item's review", async () => {
    const [item] = await queue();
    const ann = people.get("ann")!;
    expect((await failure(decideItem(ann, item!, { action: "accept-consensus", reason: "looks right", category: "labeling-error" }))).status).toBe(403);
    expect((await failure(reviewQueue(ann, projectId, new URLSearchParams()))).status).toBe(403);
    expect(await itemReview(ann, item!)).toEqual({ state: "flagged" });
    const outsider: Caller = { user: await createUser({ email: `out@${tag()}.test`, password: "password 123" }), via: "token" };
    expect((await failure(decideItem(outsider, item!, { action: "exclude", reason: "x", category: "data-issue" }))).status).toBe(404);
  });

  it("records decisions append-only: the latest is in force and sets the gold label, with who, when and why", async () => {
    const rita = people.get("rita")!;
    const [first, second, third] = await queue();
    const annotations = await context().client.annotation.findMany({ where: { itemId: first!, isDraft: false }, select: { id: true, labelerId: true, result: true } });
    const cats = annotations.find((annotation) => annotation.labelerId === people.get("cat")!.user.id)!;

    expect((await failure(decideItem(rita, first!, { action: "accept-annotation", reason: "", category: "labeling-error", annotationId: cats.id }))).message).toBe("reason: say why");
    const foreign = await context().client.annotation.findFirstOrThrow({ where: { itemId: second!, isDraft: false } });
    expect((await failure(decideItem(rita, first!, { action: "accept-annotation", annotationId: foreign.id, reason: "x", category: "labeling-error" }))).status).toBe(400);
    expect((await failure(decideItem(rita, first!, { action: "edit", result: answer("dent"), reason: "x", category: "labeling-error" }))).message).toMatch(/^result\.0\.values\.0: "dent" is not a class/);
    // A final label is held to the rules of a submission: the class is required.
    expect((await failure(decideItem(rita, first!, { action: "edit", result: [], reason: "x", category: "labeling-error" }))).message).toBe('result: task "defect" is required: choose a class');

    // A review meeting over the two worst items: Rita records, a decision may be the manager's.
    const stateRow = async (state: string) => (await projectDashboard(rita, projectId)).states.find((row) => row.state === state)!;
    const itemsAt = async (href: string) => (await listItems(rita, projectId, new URL(href, "http://concord.test").searchParams)).items.map((item) => item.id);
    const flaggedBefore = (await stateRow("flagged")).items;
    expect(await stateRow("in review")).toMatchObject({ items: 0 });
    const meeting = await createReviewSession(rita, projectId, { name: "Monday review", reason: "low-agreement" });
    expect(meeting).toMatchObject({ name: "Monday review", createdBy: "rita", items: 1, decided: 0 });
    // Its item is in review now, no longer waiting among the flagged ones; each count links to exactly its items.
    const [inReview, flagged] = [await stateRow("in review"), await stateRow("flagged")];
    expect([inReview.items, flagged.items]).toEqual([1, flaggedBefore - 1]);
    expect(await itemsAt(inReview.href)).toEqual([first]);
    expect(await itemsAt(flagged.href)).toHaveLength(flaggedBefore - 1);
    expect(await itemsAt(flagged.href)).not.toContain(first);
    expect((await failure(decideItem(rita, second!, { action: "exclude", reason: "x", category: "data-issue", sessionId: meeting.id }))).message).toBe("sessionId: this item is not in that session");
    expect((await failure(decideItem(rita, first!, { action: "exclude", reason: "x", category: "data-issue", decidedBy: people.get("ann")!.user.id }))).message).toBe(
      "decidedBy: only a reviewer or manager of this project can decide",
    );

    const accepted = await decideItem(rita, first!, { action: "accept-annotation", annotationId: cats.id, reason: "the mark is too faint to call", category: "guideline-gap", sessionId: meeting.id, decidedBy: people.get("admin")!.user.id });
    expect(accepted).toMatchObject({ action: "accept-annotation", annotationId: cats.id, result: answer("borderline"), category: "guideline-gap", sessionId: meeting.id, reviewer: { id: people.get("admin")!.user.id } });
    expect(await listReviewSessions(rita, projectId)).toEqual([expect.objectContaining({ id: meeting.id, items: 1, decided: 1 })]);
    expect((await reviewSessionItems(rita, projectId, meeting.id)).items).toEqual([expect.objectContaining({ itemId: first, state: "resolved", decision: expect.objectContaining({ id: accepted.id }) })]);
    expect(await queue()).not.toContain(first);
    expect(await stateRow("in review")).toMatchObject({ items: 0 });
    const edited = await decideItem(rita, first!, { action: "edit", result: answer("scratch"), reason: "the SME panel agreed it is a scratch", category: "labeling-error" });
    const resolved = await review(first!);
    expect(resolved.state).toBe("resolved");
    expect(resolved.gold).toEqual(answer("scratch"));
    expect(resolved.decisions.map((decision) => decision.id)).toEqual([edited.id, accepted.id]);
    expect(await context().client.auditEvent.count({ where: { projectId, action: "review.decide", targetId: first! } })).toBe(2);

    await decideItem(rita, second!, { action: "exclude", reason: "the photo is too dark to tell", category: "data-issue" });
    expect(await review(second!)).toMatchObject({ state: "excluded", gold: null });

    // Sent back: the labelers whose answer differs from the consensus are asked to revise; judged anew when their revisions are in.
    const askedByDefault = (await review(third!)).relabelDefault;
    const relabel = await decideItem(rita, third!, { action: "relabel", reason: "labels predate the scratch definition", category: "guideline-gap" });
    expect(relabel.relabel).toEqual({ mode: "revise", labelers: askedByDefault });
    expect(await review(third!)).toMatchObject({ state: "open", gold: null, revisionRequests: askedByDefault.map(() => expect.objectContaining({ status: "open", reason: "labels predate the scratch definition" })) });
    expect(await queue()).toEqual([]);
  });

  it("tells each labeler which reviewed items were resolved differently from their answer, and why", async () => {
    const [resolved] = (await context().client.item.findMany({ where: { projectId, reviewState: "resolved" }, select: { id: true } })).map((item) => item.id);
    // The final label of the resolved item is "scratch": Ann said "ok", Ben "scratch".
    const ann = await labelerFeedback(people.get("ann")!, projectId);
    expect(ann.resolvedDifferently).toEqual([
      expect.objectContaining({ itemId: resolved, yours: answer("ok"), final: answer("scratch"), decision: expect.objectContaining({ reason: "the SME panel agreed it is a scratch", category: "labeling-error", reviewer: "rita" }) }),
    ]);
    // Ann's answers with a final label: the unanimous item (agreed) and the resolved one (not).
    expect(ann.agreementByDay.map(({ items, agreed }) => [items, agreed])).toEqual([[2, 1]]);
    expect((await labelerFeedback(people.get("ben")!, projectId)).resolvedDifferently).toEqual([]);
  });

  it("counts every item of the dashboard in exactly one state, each figure opening exactly the items it counts", async () => {
    const rita = people.get("rita")!;
    const itemsAt = async (href: string) => (await listItems(rita, projectId, new URL(href, "http://concord.test").searchParams)).items.map((item) => item.originalName).sort();
    // Two more items: one never labeled, and one excluded before anyone labeled it (excluded only, not unlabeled as well).
    const added = async (name: string, metadata: object) => {
      const item = await context().client.item.create({ data: { projectId, mediaPath: `x/${name}`, mimeType: "image/png", originalName: name, sha256: `review-${name}`, sizeBytes: 1, width: 10, height: 10, metadata } });
      await addImportedItems(context().client, projectId, [metadata as Record<string, unknown>]);
      return item.id;
    };
    await added("new.png", { line: null });
    await decideItem(rita, await added("blank.png", {}), { action: "exclude", reason: "an empty frame", category: "data-issue" });
    // Dan skips the item he is offered.
    const danLease = (await nextAssignment(people.get("dan")!, projectId))!;
    await skipAssignment(people.get("dan")!, danLease.assignment.id, { reason: "cannot tell" });

    const dashboard = await projectDashboard(rita, projectId);
    // The relabeled item (open again, its first labels in) is in progress; the resolved and excluded ones are only that.
    expect(Object.fromEntries(dashboard.states.map((row) => [row.state, row.items]))).toEqual({ unlabeled: 1, "in progress": 1, complete: 1, flagged: 0, "in review": 0, resolved: 1, excluded: 2 });
    expect(dashboard.states.reduce((sum, row) => sum + row.items, 0)).toBe(await context().client.item.count({ where: { projectId } }));
    for (const row of dashboard.states) expect(await itemsAt(row.href)).toHaveLength(row.items);
    expect(await itemsAt(dashboard.states.find((row) => row.state === "excluded")!.href)).toContain("blank.png");

    const dan = dashboard.labelers.find((labeler) => labeler.name === "dan")!;
    expect(dan.skipped.items).toBe(1);
    expect(await itemsAt(dan.skipped.href)).toEqual([danLease.item.originalName]);
    // Ann, Ben and Cat each chose "borderline" once in a first submission.
    for (const labeler of dashboard.labelers.filter((row) => row.name !== "dan")) {
      expect(labeler.uncertain.items).toBe(1);
      expect(await itemsAt(labeler.uncertain.href)).toHaveLength(1);
    }
    expect(await itemsAt(dashboard.overallAgreement.href)).toHaveLength(dashboard.overallAgreement.items);
    expect(await itemsAt(dashboard.medianActiveSeconds.href)).toHaveLength(4);

    // Thirty days ending today, days without submissions at 0; one labeler's part of a day opens that labeler's items of the day.
    expect(dashboard.throughput).toHaveLength(30);
    expect(dashboard.throughput.at(-1)!.day).toBe(new Date().toISOString().slice(0, 10));
    expect(dashboard.throughput.filter((day) => day.submissions === 0).every((day) => Object.keys(day.byLabeler).length === 0)).toBe(true);
    const today = dashboard.throughput.at(-1)!;
    const cat = people.get("cat")!.user.id;
    expect(today.byLabeler[cat]).toBe(1);
    expect(await itemsAt(today.labelerHrefs[cat]!)).toEqual(["1.png"]);
    expect(await itemsAt(today.href)).toHaveLength(4);

    // A null (or missing) metadata value, as the dashboard links it.
    expect(await itemsAt(itemsHref(projectId, { "meta.line": "null" }))).toEqual(["blank.png", "new.png"]);
  });

  it("keeps the dashboard and the item list to reviewers and managers", async () => {
    const ann = people.get("ann")!;
    expect((await failure(projectDashboard(ann, projectId))).status).toBe(403);
    expect((await failure(listItems(ann, projectId, new URLSearchParams()))).status).toBe(403);
  });

  it("follows the project's own review rules: no escalation, and a stricter agreement threshold", async () => {
    const admin = people.get("admin")!;
    projectId = (await createProject(admin, { name: "Strict", mediaKind: "image", overlap: 3, maxOverlap: 5, tasks: TASKS, reviewRules: { escalate: false, minClassAgreement: 0.9 } })).id;
    for (const name of ["ann", "ben", "cat"]) await addMember(admin, projectId, { email: people.get(name)!.user.email, role: "labeler" });
    const [item] = await items(1);
    for (const [name, value] of [["ann", "ok"], ["ben", "ok"], ["cat", "scratch"]] as const) await label(name, value);
    // 2 of 3 would pass the default 0.67; here it is below 0.9 and goes straight to review.
    expect(await itemReview(admin, item!)).toMatchObject({ state: "flagged", reasons: [expect.objectContaining({ code: "low-agreement", detail: expect.stringContaining("0.9") })] });
  });

  it("compares labels after the project's standardization rules, keeping what labelers gave, and shows agreement before and after", async () => {
    const admin = people.get("admin")!;
    const classes = ["ok", "scratch", "deep scratch", "shallow scratch"];
    const invalid = await failure(
      createProject(admin, { name: "Bad merge", mediaKind: "image", tasks: [{ key: "defect", type: "classification", classes }], standardization: { classMerges: [{ task: "defect", from: ["deep scratch"], to: "gouge" }] } }),
    );
    expect(invalid.message).toBe('standardization.classMerges.0.to: "gouge" is not a class of task "defect" (ok, scratch, deep scratch, shallow scratch)');

    projectId = (
      await createProject(admin, {
        name: "Standard",
        mediaKind: "image",
        overlap: 2,
        tasks: [{ key: "defect", type: "classification", classes }],
        standardization: { classMerges: [{ task: "defect", from: ["deep scratch", "shallow scratch"], to: "scratch" }] },
      })
    ).id;
    for (const name of ["ann", "ben"]) await addMember(admin, projectId, { email: people.get(name)!.user.email, role: "labeler" });
    const [item] = await items(1);
    await label("ann", "deep scratch");
    await label("ben", "shallow scratch");
    // Both said a kind of scratch: accepted as "scratch", while each stored answer stays as given.
    expect(await itemReview(admin, item!)).toMatchObject({ state: "accepted", gold: answer("scratch") });
    const stored = await context().client.annotation.findMany({ where: { itemId: item!, isDraft: false }, select: { result: true } });
    expect(stored.map((row) => row.result).sort()).toEqual([answer("deep scratch"), answer("shallow scratch")].sort());
    const after = await projectAgreement(admin, projectId);
    const before = await projectAgreement(admin, projectId, { standardized: false });
    const pairKappa = (figures: typeof after) => (figures.tasks.defect?.type === "classification" ? figures.tasks.defect.labelerPairs.unitsBothRated : null);
    expect(pairKappa(after)).toEqual(pairKappa(before));
    expect(after.tasks.defect).not.toEqual(before.tasks.defect);
  });

  it("flags marked uncertainty, [unintelligible] and low consensus confidence without escalating uncertainty", async () => {
    const admin = people.get("admin")!;
    projectId = (
      await createProject(admin, {
        name: "Uncertain",
        mediaKind: "image",
        overlap: 3,
        maxOverlap: 5,
        tasks: TASKS,
        reviewRules: { minClassAgreement: 0.5, minConsensusConfidence: 0.9 },
      })
    ).id;
    for (const name of ["ann", "ben", "cat", "dan"]) await addMember(admin, projectId, { email: people.get(name)!.user.email, role: "labeler" });
    const [marked, confidence] = await items(2);
    const submit = async (name: string, result: object[]) => {
      const lease = (await nextAssignment(people.get(name)!, projectId))!;
      await submitAnnotation(people.get(name)!, lease.assignment.id, { result, activeMs: 10 }, null);
    };
    // Item 0: everyone says "ok", one of them marks it uncertain.
    await submit("ann", [{ ...answer("ok")[0], uncertain: true }]);
    await submit("ben", answer("ok"));
    await submit("cat", answer("ok"));
    const uncertain = await itemReview(admin, marked!);
    expect(uncertain).toMatchObject({ state: "flagged", reasons: [expect.objectContaining({ code: "marked-uncertain" })] });
    // Item 1: 2 of 3 agree, above the 0.5 agreement floor but below 0.9 confidence: a dispute, escalated.
    await submit("ann", answer("ok"));
    await submit("ben", answer("ok"));
    await submit("cat", answer("scratch"));
    const lowConfidence = (await itemReview(admin, confidence!)) as ItemReview;
    expect(lowConfidence.reasons.map((reason) => reason.code)).toEqual(["low-confidence"]);
    expect(lowConfidence.state).toBe("escalated");
  });

  it("flags a transcript with [unintelligible] even when the labelers agree", async () => {
    const admin = people.get("admin")!;
    projectId = (await createProject(admin, { name: "Voices", mediaKind: "audio", overlap: 2, tasks: [{ key: "text", type: "transcript" }] })).id;
    for (const name of ["ann", "ben"]) await addMember(admin, projectId, { email: people.get(name)!.user.email, role: "labeler" });
    const [clip] = await items(1);
    for (const name of ["ann", "ben"]) {
      const lease = (await nextAssignment(people.get(name)!, projectId))!;
      await submitAnnotation(people.get(name)!, lease.assignment.id, { result: [{ task: "text", type: "transcript", text: "call mom [unintelligible]" }], activeMs: 10 }, null);
    }
    expect(await itemReview(admin, clip!)).toMatchObject({ state: "flagged", reasons: [expect.objectContaining({ code: "unintelligible", task: "text" })] });
  });
});
