import { expect, it } from "vitest";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import { submitAnnotation } from "./annotations";
import { nextAssignment } from "./assignments";
import type { Caller } from "./auth/caller";
import {
  acknowledgeGuidelines,
  countWaitingGuidelineDrafts,
  createGuidelineDraft,
  editGuidelineDraft,
  guidelineStatus,
  guidelineStatusJson,
  guidelineVersion,
  listGuidelineDrafts,
  listGuidelineVersions,
  publishGuidelineDraft,
  rejectGuidelineDraft,
} from "./guidelines";
import { addMember, createProject, updateProject } from "./projects";
import { createUser } from "./users";

const V1 = "# How to label\nA scratch is a visible line.\n";
const V2 = "# How to label\nA scratch is a visible line longer than 2 mm.\n";
const V3 = "# How to label\nA scratch is a visible line longer than 2 mm.\n\n## Dents\nA dent changes the outline.\n";

describeEachDatabase("guideline versions and acknowledgement", (context) => {
  const as = async (name: string, isAdmin = false): Promise<Caller> => ({
    user: await createUser({ email: `${name}@${context().target.provider}.test`, name, password: "password 123", isAdmin }),
    via: "session",
  });
  let manager: Caller;
  let labeler: Caller;
  let reviewer: Caller;
  let projectId: string;

  const acknowledgements = () => context().client.auditEvent.count({ where: { projectId, action: "guidelines.acknowledge", actorId: labeler.user.id } });

  it("lists the versions newest first with change notes and authors, and reads one with its text", async () => {
    manager = await as("Mara", true);
    labeler = await as("Lee");
    projectId = (await createProject(manager, { name: "Scratches", mediaKind: "image", tasks: [{ key: "defect", type: "classification", classes: ["ok", "scratch"] }], guidelines: V1 })).id;
    await addMember(manager, projectId, { email: labeler.user.email, role: "labeler" });
    await updateProject(manager, projectId, { guidelines: V2, guidelinesChangeNote: "minimum length" });

    const versions = await listGuidelineVersions(labeler, projectId);
    expect(versions).toEqual([
      { version: 2, changeNote: "minimum length", createdAt: expect.any(Date), author: "Mara", draftedBy: null },
      { version: 1, changeNote: "First version", createdAt: expect.any(Date), author: "Mara", draftedBy: null },
    ]);
    expect(await guidelineVersion(labeler, projectId, 1)).toMatchObject({ version: 1, body: V1, author: "Mara", draftedBy: null });
    const missing = await failure(guidelineVersion(labeler, projectId, 9));
    expect([missing.status, missing.message]).toEqual([404, "This project has no guidelines version 9."]);
  });

  it("asks a new member to read the whole current text first", async () => {
    const status = await guidelineStatus(labeler, projectId);
    expect(status).toMatchObject({ current: { version: 2, body: V2, changeNote: "minimum length" }, acknowledgedVersion: 0, mustAcknowledge: true, previousBody: "" });
    expect(status.changes.map((change) => change.version)).toEqual([1, 2]);
  });

  it("asks nothing of anyone when a project has no guidelines text", async () => {
    const bare = await createProject(manager, { name: "No text", mediaKind: "image", tasks: [{ key: "defect", type: "classification", classes: ["ok"] }] });
    await addMember(manager, bare.id, { email: labeler.user.email, role: "labeler" });
    expect(await guidelineStatus(labeler, bare.id)).toMatchObject({ current: { version: 1, body: "" }, acknowledgedVersion: 0, mustAcknowledge: false });
  });

  it("acknowledging the current version clears the requirement, once: again changes nothing and is not audited twice", async () => {
    const status = await acknowledgeGuidelines(labeler, projectId, 2);
    expect(status).toMatchObject({ acknowledgedVersion: 2, mustAcknowledge: false, changes: [], previousBody: V2 });
    expect(await acknowledgements()).toBe(1);
    expect(await acknowledgeGuidelines(labeler, projectId, 2)).toEqual(status);
    expect(await acknowledgements()).toBe(1);
  });

  it("a new version makes a member who acknowledged the previous one read what changed", async () => {
    await updateProject(manager, projectId, { guidelines: V3, guidelinesChangeNote: "dents" });
    const status = await guidelineStatus(labeler, projectId);
    expect(status).toMatchObject({ current: { version: 3, body: V3 }, acknowledgedVersion: 2, mustAcknowledge: true, previousBody: V2 });
    expect(status.changes).toEqual([{ version: 3, changeNote: "dents", createdAt: expect.any(Date), author: "Mara", draftedBy: null }]);
  });

  it("hands the labeling page the same status in JSON, dates as ISO strings, for its gate to start from", async () => {
    const status = await guidelineStatus(labeler, projectId);
    const json = await guidelineStatusJson(labeler, projectId);
    expect(json).toMatchObject({ mustAcknowledge: true, acknowledgedVersion: 2, previousBody: V2, current: { version: 3, createdAt: status.current!.createdAt.toISOString() } });
    expect(json.changes.map((change) => change.createdAt)).toEqual(status.changes.map((change) => change.createdAt.toISOString()));
  });

  it("refuses to acknowledge a version that is not the current one", async () => {
    const stale = await failure(acknowledgeGuidelines(labeler, projectId, 2));
    expect([stale.status, stale.message]).toEqual([409, "Version 2 is not the current guidelines: version 3 is. Read version 3 and acknowledge that."]);
    expect((await failure(acknowledgeGuidelines(labeler, projectId, 4))).status).toBe(409);
    expect((await guidelineStatus(labeler, projectId)).acknowledgedVersion).toBe(2);
    expect((await acknowledgeGuidelines(labeler, projectId, 3)).mustAcknowledge).toBe(false);
    expect(await acknowledgements()).toBe(2);
  });

  it("hides the guidelines from users outside the project", async () => {
    const outsider = await as("Olga");
    for (const attempt of [
      listGuidelineVersions(outsider, projectId),
      guidelineVersion(outsider, projectId, 1),
      guidelineStatus(outsider, projectId),
      acknowledgeGuidelines(outsider, projectId, 3),
    ]) {
      expect((await failure(attempt)).status).toBe(404);
    }
  });

  it("lets an administrator who is not a member read them, with nothing to acknowledge", async () => {
    const admin = await as("Ada", true);
    expect(await listGuidelineVersions(admin, projectId)).toHaveLength(3);
    expect(await guidelineStatus(admin, projectId)).toMatchObject({ current: { version: 3 }, acknowledgedVersion: null, mustAcknowledge: false, changes: [], previousBody: "" });
    const refused = await failure(acknowledgeGuidelines(admin, projectId, 3));
    expect([refused.status, refused.message]).toEqual([403, "Only members of this project acknowledge its guidelines."]);
  });

  it("turns a reviewer's draft with example items into the next version when a manager publishes it", async () => {
    reviewer = await as("Rhea");
    await addMember(manager, projectId, { email: reviewer.user.email, role: "reviewer" });
    const item = await context().client.item.create({
      data: { projectId, mediaPath: "x/hairline.png", mimeType: "image/png", originalName: "hairline.png", sha256: "hairline", sizeBytes: 1, width: 10, height: 10, metadata: {} },
    });
    const V4 = `${V3}\n## Hairlines\nA hairline shorter than 2 mm is not a scratch.\n`;
    expect((await failure(createGuidelineDraft(labeler, projectId, { body: V4, changeNote: "hairlines" }))).status).toBe(403);
    expect((await failure(createGuidelineDraft(reviewer, projectId, { body: V4, changeNote: "hairlines", exampleItemIds: ["elsewhere"] }))).status).toBe(400);
    const draft = await createGuidelineDraft(reviewer, projectId, { body: V4, changeNote: "hairlines are not scratches", exampleItemIds: [item.id] });
    expect(draft).toMatchObject({ author: "Rhea", examples: [{ itemId: item.id, originalName: "hairline.png" }], publishedVersion: null });
    expect((await listGuidelineDrafts(reviewer, projectId)).map((listed) => listed.id)).toEqual([draft.id]);

    expect((await failure(publishGuidelineDraft(reviewer, projectId, draft.id))).status).toBe(403);
    const published = await publishGuidelineDraft(manager, projectId, draft.id);
    expect(published.publishedVersion).toBe(4);
    expect(await guidelineVersion(labeler, projectId, 4)).toMatchObject({ body: V4, changeNote: "hairlines are not scratches (examples: hairline.png)" });
    expect(await guidelineStatus(labeler, projectId)).toMatchObject({ mustAcknowledge: true, current: { version: 4 } });
    // Whoever publishes a version has read it.
    expect(await guidelineStatus(manager, projectId)).toMatchObject({ acknowledgedVersion: 4, mustAcknowledge: false });
    expect((await failure(publishGuidelineDraft(manager, projectId, draft.id))).status).toBe(409);
    const unchanged = await createGuidelineDraft(reviewer, projectId, { body: V4, changeNote: "again" });
    expect((await failure(publishGuidelineDraft(manager, projectId, unchanged.id))).message).toBe("This draft is the same text as the current guidelines; edit it before publishing.");
  });

  it("credits the draft's author on the version it became, beside the manager who published it", async () => {
    const version = await guidelineVersion(labeler, projectId, 4);
    expect([version.author, version.draftedBy]).toEqual(["Mara", "Rhea"]);
    expect((await listGuidelineVersions(labeler, projectId)).map((listed) => listed.draftedBy)).toEqual(["Rhea", null, null, null]);
  });

  it("lets a manager edit a waiting draft before publishing it, the author still credited, and publishes the edited text", async () => {
    const V5 = `${V3}\n## Chips\nA chip removes material.\n`;
    const draft = await createGuidelineDraft(reviewer, projectId, { body: V5, changeNote: "chips" });
    expect(await countWaitingGuidelineDrafts(manager, projectId)).toBe(2);
    expect((await failure(editGuidelineDraft(reviewer, projectId, draft.id, { changeNote: "mine" }))).status).toBe(403);
    expect((await failure(editGuidelineDraft(manager, projectId, draft.id, {}))).status).toBe(400);
    const V5b = `${V5}A chip is deeper than a scratch.\n`;
    const edited = await editGuidelineDraft(manager, projectId, draft.id, { body: V5b, changeNote: "chips and their depth" });
    expect(edited).toMatchObject({ author: "Rhea", body: V5b, changeNote: "chips and their depth", editedAt: expect.any(Date), rejection: null });
    const published = await publishGuidelineDraft(manager, projectId, draft.id);
    expect(published.publishedVersion).toBe(5);
    expect(await guidelineVersion(labeler, projectId, 5)).toMatchObject({ body: V5b, changeNote: "chips and their depth", author: "Mara", draftedBy: "Rhea" });
    const late = await failure(editGuidelineDraft(manager, projectId, draft.id, { changeNote: "too late" }));
    expect([late.status, late.message]).toEqual([409, "This draft was already published as version 5."]);
  });

  it("turns a draft down with a note the author reads, after which it can be neither edited nor published", async () => {
    const draft = await createGuidelineDraft(reviewer, projectId, { body: `${V3}\nEverything is a scratch.\n`, changeNote: "simpler" });
    expect((await failure(rejectGuidelineDraft(reviewer, projectId, draft.id, { note: "no" }))).status).toBe(403);
    expect((await failure(rejectGuidelineDraft(manager, projectId, draft.id, { note: "  " }))).status).toBe(400);
    const rejected = await rejectGuidelineDraft(manager, projectId, draft.id, { note: "Dents are not scratches: see item 12." });
    expect(rejected.rejection).toEqual({ at: expect.any(Date), by: "Mara", note: "Dents are not scratches: see item 12." });
    expect((await listGuidelineDrafts(reviewer, projectId)).find((listed) => listed.id === draft.id)?.rejection?.note).toBe("Dents are not scratches: see item 12.");
    const refused = await failure(publishGuidelineDraft(manager, projectId, draft.id));
    expect([refused.status, refused.message]).toEqual([409, "This draft was turned down; it can no longer be changed or published."]);
    expect((await failure(rejectGuidelineDraft(manager, projectId, draft.id, { note: "again" }))).status).toBe(409);
    expect((await failure(editGuidelineDraft(manager, projectId, draft.id, { changeNote: "revived" }))).status).toBe(409);
    expect((await failure(publishGuidelineDraft(manager, projectId, "no-such-draft"))).status).toBe(404);
    expect((await listGuidelineVersions(manager, projectId))[0]!.version).toBe(5);
    expect(await context().client.auditEvent.count({ where: { projectId, action: "guidelines.draft.reject", targetId: draft.id } })).toBe(1);
  });

  it("gives two drafts published at once consecutive versions, and a draft published twice at once one version", async () => {
    const drafts = await Promise.all(
      ["## Rust\nRust is a stain.\n", "## Glare\nGlare is not a defect.\n"].map((section, index) =>
        createGuidelineDraft(reviewer, projectId, { body: `${V3}\n${section}`, changeNote: `section ${index}` }),
      ),
    );
    // SQLite runs one write transaction at a time anyway; PostgreSQL's concurrent transactions are the case in point.
    const outcomes = await Promise.allSettled([
      publishGuidelineDraft(manager, projectId, drafts[0]!.id),
      publishGuidelineDraft(manager, projectId, drafts[1]!.id),
      publishGuidelineDraft(manager, projectId, drafts[1]!.id),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", expect.any(String), expect.any(String)]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(2);
    const refused = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect([refused.reason.status, refused.reason.message]).toEqual([409, expect.stringMatching(/^This draft was already published as version [67]\.$/)]);
    const versions = await context().client.guidelineVersion.findMany({ where: { projectId }, orderBy: { version: "asc" }, select: { version: true, draftId: true } });
    expect(versions.map((version) => version.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(versions.slice(5).map((version) => version.draftId).sort()).toEqual(drafts.map((draft) => draft.id).sort());
  });

  it("refuses an edit started from an older version, so a version saved meanwhile is not undone unseen", async () => {
    const project = (await createProject(manager, { name: "Stale edits", mediaKind: "image", tasks: [{ key: "defect", type: "classification", classes: ["ok", "scratch"] }], guidelines: V1 })).id;
    await updateProject(manager, project, { guidelines: V2, guidelinesChangeNote: "from 1", guidelinesBaseVersion: 1 });
    const stale = await failure(updateProject(manager, project, { guidelines: V3, guidelinesChangeNote: "also from 1", guidelinesBaseVersion: 1 }));
    expect([stale.status, stale.message]).toEqual([409, "Version 2 of the guidelines was saved since you started editing version 1; copy your text, reload and edit the new version."]);
    expect((await listGuidelineVersions(manager, project)).map((version) => version.version)).toEqual([2, 1]);
  });

  it("leases no new item to a labeler until they confirm the current guidelines, yet keeps the one they hold (issue 19 #17)", async () => {
    const reader = await as("Rory");
    const project = (await createProject(manager, { name: "Gated", mediaKind: "image", tasks: [{ key: "defect", type: "classification", classes: ["ok", "scratch"] }], guidelines: V1 })).id;
    await addMember(manager, project, { email: reader.user.email, role: "labeler" });
    await context().client.item.createMany({
      data: ["a", "b", "c"].map((name) => ({ projectId: project, mediaPath: `x/${name}.png`, mimeType: "image/png", originalName: `${name}.png`, sha256: `gated-${name}`, sizeBytes: 1, width: 10, height: 10, metadata: {} })),
    });
    const unread = await failure(nextAssignment(reader, project));
    expect([unread.status, unread.message]).toEqual([409, "The guidelines changed (version 1): read and confirm them before you take a new item."]);
    expect(await context().client.assignment.count({ where: { projectId: project } })).toBe(0);

    await acknowledgeGuidelines(reader, project, 1);
    const held = (await nextAssignment(reader, project))!;
    await updateProject(manager, project, { guidelines: V2, guidelinesChangeNote: "minimum length" });
    // The task on screen stays theirs to finish; the next one waits for the new version to be read.
    expect((await nextAssignment(reader, project))!.assignment.id).toBe(held.assignment.id);
    expect((await failure(nextAssignment(reader, project, { ahead: true }))).message).toBe("The guidelines changed (version 2): read and confirm them before you take a new item.");
    await acknowledgeGuidelines(reader, project, 2);
    const ahead = (await nextAssignment(reader, project, { ahead: true }))!;
    expect(ahead.assignment.id).not.toBe(held.assignment.id);

    // Guidelines without text ask for nothing.
    await updateProject(manager, project, { guidelines: "", guidelinesChangeNote: "withdrawn" });
    for (const lease of [held, ahead]) await submitAnnotation(reader, lease.assignment.id, { result: [{ task: "defect", type: "classification", values: ["ok"] }], activeMs: 100 }, null);
    expect((await nextAssignment(reader, project))!.item.originalName).toBe("c.png");
  });
});
