import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { failure } from "@/lib/testing/failure";
import { fixturePath } from "@/lib/testing/fixtures";
import { describeEachDatabase } from "@/lib/testing/integration";
import { useTemporaryMediaDir } from "@/lib/testing/media-dir";
import { itemAnnotations } from "./annotations";
import type { Caller } from "./auth/caller";
import { importFiles, previewLabelStudioImport, receiveMultipart } from "./imports";
import type { LabelStudioOutcome } from "./label-studio-import";
import { listItems } from "./items";
import { incomingDir } from "./media/store";
import { acceptInvitation, listCallerInvitations } from "./invitations";
import { addMember, createProject, listInvitations, listMembers } from "./projects";
import { itemReview } from "./review";
import { createUser } from "./users";

useTemporaryMediaDir("concord-ls-import-");

/** A task as Label Studio exports it: its upload prefix on the file name, percent boxes, people as objects or ids. */
function labelStudioTask(file: string, annotations: { by: unknown; label: string; cancelled?: boolean }[]) {
  return {
    id: 1,
    data: { image: `/data/upload/3/1a2b3c4d-${file}` },
    annotations: annotations.map(({ by, label, cancelled }) => ({
      completed_by: by,
      was_cancelled: cancelled ?? false,
      result: [
        { id: "a", type: "choices", from_name: "kind", to_name: "image", value: { choices: [label] } },
        { id: "b", type: "rectanglelabels", from_name: "things", to_name: "image", original_width: 400, original_height: 300, value: { x: 10, y: 20, width: 50, height: 25, rotation: 0, rectanglelabels: ["mug"] } },
      ],
    })),
  };
}

/** An import's Label Studio outcome: nothing, but what is given. */
const outcome = (given: Partial<LabelStudioOutcome>): LabelStudioOutcome => ({ annotations: 0, goldLabels: 0, skips: 0, newLabelers: [], invited: [], unmappedAnnotators: [], predictions: [], problems: [], ...given });
/** The version predictions imported today without predictionsVersion are given. */
const today = () => `imported ${new Date().toISOString().slice(0, 10)}`;

async function upload(files: string[], labelStudio: unknown, labelStudioUsers?: string) {
  const form = new FormData();
  for (const file of files) form.append("files", new Blob([readFileSync(fixturePath(`images/${file}`))]), file);
  form.append("labelStudio", new Blob([typeof labelStudio === "string" ? labelStudio : JSON.stringify(labelStudio)]), "export.json");
  if (labelStudioUsers !== undefined) form.append("labelStudioUsers", labelStudioUsers); // a plain form field, as the import screen sends it
  return receiveMultipart(new Request("http://concord.test/upload", { method: "POST", body: form }));
}

describeEachDatabase("Label Studio imports", (context) => {
  const tag = () => context().target.provider;
  let manager: Caller;
  let projectId: string;

  it("imports items with their annotations under the annotators' accounts once the manager confirms who becomes a labeler (issue 19 #14), and says what it left out", async () => {
    manager = { user: await createUser({ email: `boss@${tag()}.ls`, password: "password 123", isAdmin: true }), via: "session" };
    const [ivy, jon] = [await createUser({ email: `ivy@${tag()}.ls`, name: "Ivy", password: "password 123" }), await createUser({ email: `jon@${tag()}.ls`, name: "Jon", password: "password 123" })];
    const gone = await createUser({ email: `gone@${tag()}.ls`, name: "Gone", password: "password 123" });
    await context().client.user.update({ where: { id: gone.id }, data: { disabledAt: new Date() } });
    projectId = (
      await createProject(manager, {
        name: "Mugs",
        mediaKind: "image",
        overlap: 2,
        tasks: [
          { key: "kind", type: "classification", classes: ["mug", "glass"] },
          { key: "things", type: "bbox", classes: ["mug"] },
        ],
      })
    ).id;
    await addMember(manager, projectId, { email: jon.email, role: "reviewer" });
    const exported = [
      labelStudioTask("coffee.png", [
        { by: { id: 7, email: ivy.email.toUpperCase() }, label: "mug" }, // emails match whatever their case
        { by: { id: 8, email: jon.email }, label: "mug" },
        { by: { id: 9, email: "gone@elsewhere.test" }, label: "glass" },
        { by: 10, label: "glass", cancelled: true },
        { by: { email: gone.email }, label: "glass" },
      ]),
      labelStudioTask("chelsea.png", [{ by: 11, label: "glass" }]),
      labelStudioTask("not-uploaded.png", [{ by: { email: ivy.email }, label: "mug" }]),
    ];
    // Who would become a labeler is asked first (issue 19 #14): without the manager's word nothing is stored.
    const preview = await upload([], exported);
    expect(await previewLabelStudioImport(manager, projectId, preview)).toEqual({ labelStudio: { newLabelers: [ivy.email], invites: false, unmappedAnnotators: ["10", "11"] } });
    const unconfirmed = await upload(["coffee.png", "chelsea.png"], exported);
    const refused = await failure(importFiles(manager, projectId, unconfirmed.files, null, "upload", unconfirmed.labelStudio));
    expect([refused.status, refused.message, refused.details]).toEqual([
      409,
      `The Label Studio export has annotations by ${ivy.email}, who would become labelers of this project. Nothing was imported: send it again with confirmNewLabelers=1 to add them.`,
      { newLabelers: [ivy.email] },
    ]);
    expect((await listItems(manager, projectId, new URLSearchParams())).items).toEqual([]);
    expect((await listMembers(manager, projectId)).map((member) => member.email)).not.toContain(ivy.email);

    const received = await upload(["coffee.png", "chelsea.png"], exported);
    const result = await importFiles(manager, projectId, received.files, null, "upload", received.labelStudio, { confirmNewLabelers: true });

    expect(result.created.map((item) => item.name).sort()).toEqual(["chelsea.png", "coffee.png"]);
    expect(result.labelStudio).toEqual(
      outcome({
        annotations: 3,
        skips: 1, // Label Studio user 10 cancelled coffee.png: the importing user's skip
        newLabelers: [ivy.email], // jon was a reviewer already, and stays one
        unmappedAnnotators: ["10", "11"],
        problems: [
          // Files are named as the export names them; an administrator adds accounts, and says which emails have none.
          `1a2b3c4d-coffee.png: the annotator "gone@elsewhere.test" has no Concord account with that email; create it and import again`,
          `1a2b3c4d-coffee.png: the annotator "${gone.email}" has no active Concord account with that email; enable it and import again`,
          "1a2b3c4d-not-uploaded.png: no uploaded file and no single item of the project has this name, so its 1 annotation(s) were left out",
          `Label Studio user 10 has no email in the export: their 1 annotation(s) are yours (${manager.user.email}); map them with labelStudioUsers {"10": "their email"} to give them to them`,
          `Label Studio user 11 has no email in the export: their 1 annotation(s) are yours (${manager.user.email}); map them with labelStudioUsers {"11": "their email"} to give them to them`,
        ],
      }),
    );
    expect((await listMembers(manager, projectId)).map((member) => [member.email, member.role])).toEqual([
      [manager.user.email, "manager"],
      [jon.email, "reviewer"],
      [ivy.email, "labeler"],
    ]);
    const coffee = result.created.find((item) => item.name === "coffee.png")!;
    const annotations = await itemAnnotations(manager, coffee.id);
    expect(annotations.map((annotation) => annotation.labeler.email).sort()).toEqual([ivy.email, jon.email]);
    // Percent of Label Studio's original_width and original_height, back in pixels.
    expect(annotations[0]!.result).toEqual([
      { task: "kind", type: "classification", values: ["mug"] },
      { task: "things", type: "bbox", label: "mug", x: 40, y: 60, width: 200, height: 75 },
    ]);
    expect(annotations[0]!.client).toMatchObject({ importedFrom: "label-studio", importBatchId: result.batchId });
    // Two labels that agree: the item is judged like any other.
    expect(await itemReview(manager, coffee.id)).toMatchObject({ state: "accepted" });
    const items = (await listItems(manager, projectId, new URLSearchParams())).items;
    expect(items.find((item) => item.id === coffee.id)).toMatchObject({ submittedCount: 2 });
  });

  it("adds annotations to items imported earlier by name, and never replaces a labeler's label", async () => {
    const again = await upload([], [labelStudioTask("coffee.png", [{ by: { email: `ivy@${tag()}.ls` }, label: "glass" }]), labelStudioTask("chelsea.png", [{ by: { email: `jon@${tag()}.ls` }, label: "glass" }])]);
    const result = await importFiles(manager, projectId, again.files, null, "api", again.labelStudio);
    expect(result.created).toEqual([]);
    expect(result.labelStudio).toEqual(outcome({ annotations: 1, problems: [`1a2b3c4d-coffee.png: ivy@${tag()}.ls has already labeled or skipped this item; their label in Concord was kept`] }));
  });

  it("never moves an annotation onto an older item when the file sent under that name is refused", async () => {
    const form = new FormData();
    form.append("files", new Blob([readFileSync(fixturePath("bad/truncated.jpg"))]), "rocket.jpg");
    form.append("labelStudio", new Blob([JSON.stringify([labelStudioTask("rocket.jpg", [{ by: { email: `jon@${tag()}.ls` }, label: "mug" }])])]), "export.json");
    const first = await upload(["rocket.jpg"], []);
    await importFiles(manager, projectId, first.files, null, "upload", null);
    const received = await receiveMultipart(new Request("http://concord.test/upload", { method: "POST", body: form }));
    const result = await importFiles(manager, projectId, received.files, null, "upload", received.labelStudio);
    expect(result.rejected.map((rejection) => rejection.name)).toEqual(["rocket.jpg"]);
    expect(result.labelStudio).toEqual(outcome({ problems: ["1a2b3c4d-rocket.jpg: the file of this name was refused (see rejected), so its 1 annotation(s) were left out"] }));
  });

  it("bounds every time it takes: an implausible lead time or date is left out and said, the annotation kept (issue 19 #14)", async () => {
    const kai = await createUser({ email: `kai@${tag()}.ls`, password: "password 123" });
    await addMember(manager, projectId, { email: kai.email, role: "labeler" });
    const task = (file: string, times: object) => {
      const made = labelStudioTask(file, [{ by: { email: kai.email }, label: "mug" }]);
      return { ...made, annotations: made.annotations.map((annotation) => ({ ...annotation, ...times })) };
    };
    const received = await upload(["astronaut.png", "rocket.jpg"], [
      task("astronaut.png", { lead_time: 1e12, created_at: "1900-01-01T00:00:00Z" }),
      task("rocket.jpg", { lead_time: 42.5, created_at: "2999-01-01T00:00:00+02:00" }),
    ]);
    const before = Date.now();
    const result = await importFiles(manager, projectId, received.files, null, "upload", received.labelStudio);
    expect(result.labelStudio).toEqual(outcome({
      annotations: 2,
      problems: [
        "task 1 (1a2b3c4d-astronaut.png), annotation 1: created_at \"1900-01-01T00:00:00Z\" is not a date from 2000 to today; imported with the import's time",
        "task 1 (1a2b3c4d-astronaut.png), annotation 1: lead_time 1000000000000 is not a time spent labeling (0 to 86,400 seconds); imported without an active time",
        'task 2 (1a2b3c4d-rocket.jpg), annotation 1: created_at "2999-01-01T00:00:00+02:00" is not a date from 2000 to today; imported with the import\'s time',
      ],
    }));
    const stored = await context().client.annotation.findMany({ where: { labelerId: kai.id }, orderBy: { activeMs: "asc" }, select: { activeMs: true, startedAt: true, submittedAt: true } });
    expect(stored.map((annotation) => annotation.activeMs)).toEqual([0, 42_500]);
    for (const { startedAt, submittedAt } of stored) {
      expect(submittedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(startedAt.getTime()).toBeGreaterThan(submittedAt!.getTime() - 86_400_000);
    }
  });

  it("refuses an export holding a NUL, which PostgreSQL cannot store, before storing anything (issue 19 #14)", async () => {
    const task = labelStudioTask("chelsea.png", [{ by: { email: `jon@${tag()}.ls` }, label: "mug" }]);
    const received = await upload([], [{ ...task, annotations: [{ ...task.annotations[0], result: [{ id: "t", type: "textarea", from_name: "note", to_name: "image", value: { text: ["a\u0000b"] } }] }] }]);
    const refused = await failure(importFiles(manager, projectId, received.files, null, "upload", received.labelStudio));
    expect([refused.status, refused.message]).toEqual([400, "export.json contains a NUL character (\\u0000), which cannot be stored; remove it and import again."]);
  });

  it("tells a manager who is not an administrator nothing of who has an account: every annotator who is not a member is invited alike (issue 19 #16)", async () => {
    const admin: Caller = { user: await createUser({ email: `root@${tag()}.probe`, password: "password 123", isAdmin: true }), via: "session" };
    const max: Caller = { user: await createUser({ email: `max@${tag()}.probe`, password: "password 123" }), via: "session" };
    const lea = await createUser({ email: `lea@${tag()}.probe`, password: "password 123" });
    const ned = await createUser({ email: `ned@${tag()}.probe`, password: "password 123" }); // an account, not a member
    const nobody = `nobody@${tag()}.probe`; // no account
    const gus = await createUser({ email: `gus@${tag()}.probe`, password: "password 123" }); // a disabled account, not a member
    await context().client.user.update({ where: { id: gus.id }, data: { disabledAt: new Date() } });
    const probeProject = (await createProject(admin, { name: "Probe", mediaKind: "image", tasks: [{ key: "kind", type: "classification", classes: ["mug", "glass"] }, { key: "things", type: "bbox", classes: ["mug"] }] })).id;
    await addMember(admin, probeProject, { email: max.user.email, role: "manager" });
    await addMember(admin, probeProject, { email: lea.email, role: "labeler" });
    const exported = [
      labelStudioTask("coffee.png", [
        { by: { email: lea.email }, label: "mug" },
        { by: { email: ned.email }, label: "mug" },
        { by: { email: nobody.toUpperCase() }, label: "glass" },
        { by: { email: gus.email }, label: "glass" },
      ]),
    ];
    const notMembers = [ned.email, nobody, gus.email].sort();

    const preview = await upload([], exported);
    expect(await previewLabelStudioImport(max, probeProject, preview)).toEqual({ labelStudio: { newLabelers: notMembers, invites: true, unmappedAnnotators: [] } });
    const unconfirmed = await upload(["coffee.png"], exported);
    const refused = await failure(importFiles(max, probeProject, unconfirmed.files, null, "upload", unconfirmed.labelStudio));
    expect([refused.status, refused.message, refused.details]).toEqual([
      409,
      `The Label Studio export has annotations by ${notMembers.join(", ")}, who are not members of this project. Nothing was imported: send it again with confirmNewLabelers=1 to invite them as labelers, and import it again once they have accepted to add their annotations.`,
      { newLabelers: notMembers },
    ]);

    const received = await upload(["coffee.png"], exported);
    const result = await importFiles(max, probeProject, received.files, null, "upload", received.labelStudio, { confirmNewLabelers: true });
    const leftOut = (email: string) => `1a2b3c4d-coffee.png: ${email} is not a member of the project yet and is invited to it; import the export again once they have accepted`;
    expect(result.labelStudio).toEqual(outcome({ annotations: 1, invited: notMembers, problems: [leftOut(ned.email), leftOut(nobody), leftOut(gus.email)] }));
    expect((await listMembers(max, probeProject)).map((member) => member.email).sort()).toEqual([lea.email, max.user.email, admin.user.email].sort());
    expect((await listInvitations(max, probeProject)).map(({ email, role }) => [email, role]).sort()).toEqual(notMembers.map((email) => [email, "labeler"]));

    // Once Ned has accepted, the same export brings his annotation; an invitation waiting keeps the role it offers.
    const { id } = (await listCallerInvitations({ user: ned, via: "session" }))[0]!;
    await acceptInvitation({ user: ned, via: "session" }, id);
    await addMember(max, probeProject, { email: gus.email, role: "reviewer" });
    const again = await upload([], exported);
    const second = await importFiles(max, probeProject, again.files, null, "upload", again.labelStudio, { confirmNewLabelers: true });
    expect(second.labelStudio).toEqual(outcome({
      annotations: 1,
      invited: [gus.email, nobody],
      problems: [`1a2b3c4d-coffee.png: ${lea.email} has already labeled or skipped this item; their label in Concord was kept`, leftOut(nobody), leftOut(gus.email)],
    }));
    expect((await listInvitations(max, probeProject)).map(({ email, role }) => [email, role]).sort()).toEqual([
      [gus.email, "reviewer"],
      [nobody, "labeler"],
    ]);
  });

  it("maps numeric annotators, makes ground truth the gold label and cancelled annotations skips, keeps provenance and metadata, and refuses an annotation with a refused result whole unless partial (issue 21)", async () => {
    const [ann, bob] = [await createUser({ email: `ann@${tag()}.lsi`, password: "password 123" }), await createUser({ email: `bob@${tag()}.lsi`, password: "password 123" })];
    const goldProject = (await createProject(manager, { name: "Gold", mediaKind: "image", tasks: [{ key: "kind", type: "classification", classes: ["mug", "glass"] }, { key: "things", type: "bbox", classes: ["mug"] }] })).id;
    for (const { email } of [ann, bob]) await addMember(manager, goldProject, { email, role: "labeler" });
    const choice = (label: string) => ({ id: `c-${label}`, type: "choices", from_name: "kind", to_name: "image", value: { choices: [label] } });
    const box = (id: string, value: object) => ({ id, type: "rectanglelabels", from_name: "things", to_name: "image", value: { rotation: 0, rectanglelabels: ["mug"], ...value } });
    const exported = [
      {
        id: 7,
        data: { image: "/data/upload/3/1a2b3c4d-coffee.png", camera: "north", nested: { a: 1 } },
        meta: { site: "lab 2" },
        predictions: [{ model_version: "m1", result: [choice("mug")] }],
        annotations: [
          // Label Studio's task format: completed_by is the user's id. No original_width/height: coffee.png's own 600 × 400.
          { id: 41, completed_by: 1, created_at: "2024-03-01T10:00:00Z", updated_at: "2024-03-02T11:00:00Z", lead_time: 12, result: [choice("mug"), box("b1", { x: 10, y: 20, width: 50, height: 25 })] },
          { id: 42, completed_by: 2, was_cancelled: true, result: [] },
          { id: 43, completed_by: 3, ground_truth: true, result: [choice("glass")] },
        ],
      },
      {
        id: 8,
        data: { image: "/data/upload/3/1a2b3c4d-chelsea.png" },
        // A box dragged past the image's edges (label-studio-converter's csv_test.json has one) is clipped; "cup" is no class here.
        annotations: [{ id: 44, completed_by: 1, result: [box("b2", { x: 92.93, y: 57.39, width: 7.5, height: 44.18 }), { ...box("b3", { x: 0, y: 0, width: 10, height: 10 }), value: { x: 0, y: 0, width: 10, height: 10, rectanglelabels: ["cup"] } }] }],
      },
    ];
    const users = JSON.stringify({ "1": ann.email.toUpperCase(), "2": bob.email });

    expect(await previewLabelStudioImport(manager, goldProject, await upload([], exported))).toEqual({ labelStudio: { newLabelers: [], invites: false, unmappedAnnotators: ["1", "2"] } });
    expect(await previewLabelStudioImport(manager, goldProject, await upload([], exported, users))).toEqual({ labelStudio: { newLabelers: [], invites: false, unmappedAnnotators: [] } });
    const badMapping = await failure(importFiles(manager, goldProject, [], null, "upload", (await upload([], exported)).labelStudio, { labelStudioUsers: { name: "labelStudioUsers", text: '{"1": "not an email"}' } }));
    expect([badMapping.status, badMapping.message]).toEqual([400, 'labelStudioUsers "1": Enter a valid email address; send a JSON object from Label Studio user id to email, e.g. {"1": "alice@example.com"}.']);

    const received = await upload(["coffee.png", "chelsea.png"], exported, users);
    const result = await importFiles(manager, goldProject, received.files, null, "upload", received.labelStudio, { labelStudioUsers: received.labelStudioUsers });
    const refusedChelsea = `task 2 (1a2b3c4d-chelsea.png), annotation 1: refused whole (import with partial=1 to keep the rest): things: "cup" is not a class of task "things" (mug)`;
    expect(result.labelStudio).toEqual(
      outcome({
        annotations: 1,
        goldLabels: 1,
        skips: 1,
        predictions: [{ model: "m1", version: today(), imported: 1, refused: 0 }],
        problems: [
          'task 1 (1a2b3c4d-coffee.png): "nested" is not kept as metadata: only texts, numbers and yes/no values are',
          refusedChelsea,
        ],
      }),
    );
    const coffee = result.created.find((item) => item.name === "coffee.png")!.id;
    const chelsea = result.created.find((item) => item.name === "chelsea.png")!.id;
    const [annotationOfAnn, ...others] = await itemAnnotations(manager, coffee);
    expect(others).toEqual([]);
    expect(annotationOfAnn!.labeler.email).toBe(ann.email);
    expect(annotationOfAnn!.result).toEqual([
      { task: "kind", type: "classification", values: ["mug"] },
      { task: "things", type: "bbox", label: "mug", x: 60, y: 80, width: 300, height: 100 },
    ]);
    expect(annotationOfAnn!.client).toMatchObject({
      importedFrom: "label-studio",
      importBatchId: result.batchId,
      labelStudio: { taskId: 7, annotationId: 41, completedBy: "1", createdAt: "2024-03-01T10:00:00Z", updatedAt: "2024-03-02T11:00:00Z", leadTime: 12, regions: [{ id: "c-mug" }, { id: "b1" }] },
    });
    const skip = await context().client.assignment.findFirstOrThrow({ where: { itemId: coffee, userId: bob.id }, select: { status: true, skipReason: true, skipNote: true } });
    expect(skip).toEqual({ status: "skipped", skipReason: "other", skipNote: "cancelled in Label Studio (imported from task 1 (1a2b3c4d-coffee.png), annotation 2)" });
    const review = (await itemReview(manager, coffee)) as { state: string; gold: unknown; decisions: { reason: string; reviewer: { id: string } }[] };
    expect([review.state, review.gold, review.decisions[0]!.reviewer.id]).toEqual(["resolved", [{ task: "kind", type: "classification", values: ["glass"] }], manager.user.id]);
    expect(review.decisions[0]!.reason).toBe(`Gold label imported from Label Studio (task 1 (1a2b3c4d-coffee.png), annotation 3, import ${result.batchId})`);
    // Who made the ground truth in Label Studio stays with the decision, in its audit record.
    const decided = await context().client.auditEvent.findFirstOrThrow({ where: { action: "review.decide", targetId: coffee }, select: { data: true } });
    expect(decided.data).toMatchObject({ provenance: { importedFrom: "label-studio", labelStudio: { taskId: 7, annotationId: 43, completedBy: "3" } } });
    const items = (await listItems(manager, goldProject, new URLSearchParams())).items;
    expect(items.find((item) => item.id === coffee)!.metadata).toEqual({ site: "lab 2", camera: "north" });
    expect(await itemAnnotations(manager, chelsea)).toEqual([]); // refused whole: never an annotation missing a box

    // Asked for, what can be kept of chelsea's annotation is; what was imported is never imported twice.
    const again = await upload([], exported, users);
    const partial = await importFiles(manager, goldProject, again.files, null, "upload", again.labelStudio, { labelStudioUsers: again.labelStudioUsers, partial: true });
    expect(partial.labelStudio).toEqual(
      outcome({
        annotations: 1,
        predictions: [{ model: "m1", version: today(), imported: 1, refused: 0 }],
        problems: [
          'task 1 (1a2b3c4d-coffee.png): "nested" is not kept as metadata: only texts, numbers and yes/no values are',
          `1a2b3c4d-coffee.png: ${ann.email} has already labeled or skipped this item; their label in Concord was kept`,
          `1a2b3c4d-coffee.png: ${bob.email} has already labeled or skipped this item; their label in Concord was kept`,
          `task 2 (1a2b3c4d-chelsea.png), annotation 1: left out: things: "cup" is not a class of task "things" (mug)`,
          "task 1 (1a2b3c4d-coffee.png), annotation 3: the item already has a reviewer's decision, which was kept; the ground-truth annotation was not imported",
        ],
      }),
    );
    const [clipped] = (await itemAnnotations(manager, chelsea))[0]!.result as { x: number; y: number; width: number; height: number }[];
    // chelsea.png is 451 × 300: the box from 92.93 % × 57.39 % reaches the right and bottom edges exactly.
    expect([clipped!.x, clipped!.y, clipped!.x + clipped!.width, clipped!.y + clipped!.height].map((value) => Math.round(value * 1000) / 1000)).toEqual([419.114, 172.17, 451, 300]);
  });

  it("takes a single task object as the export, and gives an annotation without completed_by to the importing user (issue 21)", async () => {
    const single = (await createProject(manager, { name: "Single", mediaKind: "image", tasks: [{ key: "kind", type: "classification", classes: ["mug", "glass"] }] })).id;
    const received = await upload(["astronaut.png"], { data: { image: "astronaut.png" }, annotations: [{ result: [{ type: "choices", from_name: "kind", to_name: "image", value: { choices: ["glass"] } }] }] });
    const result = await importFiles(manager, single, received.files, null, "upload", received.labelStudio);
    expect(result.labelStudio).toEqual(outcome({ annotations: 1, problems: [`1 annotation(s) without completed_by are yours (${manager.user.email})`] }));
    const [mine] = await itemAnnotations(manager, result.created[0]!.id);
    expect([mine!.labeler.email, mine!.result]).toEqual([manager.user.email, [{ task: "kind", type: "classification", values: ["glass"] }]]);
    // An id is looked up among the emails given, never among an object's inherited keys.
    const inherited = await upload([], { data: { image: "astronaut.png" }, annotations: [{ completed_by: "constructor", result: [] }] }, "{}");
    expect(await previewLabelStudioImport(manager, single, inherited)).toEqual({ labelStudio: { newLabelers: [], invites: false, unmappedAnnotators: ["constructor"] } });
  });

  it("imports label-studio-converter's predictions as the model model_version names, version the import's date or its own, with scores; refuses those Concord cannot take (issue 22)", async () => {
    const cars = (await createProject(manager, { name: "Cars", mediaKind: "image", tasks: [{ key: "label", type: "bbox", classes: ["Car"] }] })).id;
    // label-studio-converter's csv_test.json, its two tasks' media renamed to fixture images; its annotations are by people not here.
    const [first, second] = (JSON.parse(readFileSync(path.join(import.meta.dirname, "../export/formats/fixtures/label-studio-converter-csv-test.json"), "utf8")) as { data: object; annotations: unknown[] }[]).map(
      (task, index) => ({ ...task, annotations: [], data: { ...task.data, image: `https://example.test/${["coffee.png", "chelsea.png"][index]}` } }),
    );
    const rectangle = (value: object) => ({ type: "rectanglelabels", from_name: "label", to_name: "image", value: { x: 10, y: 10, width: 20, height: 20, rectanglelabels: ["Car"], ...value } });
    const third = {
      data: { image: "astronaut.png" },
      predictions: [
        { result: [{ ...rectangle({}), score: 0.9 }] }, // no model_version
        { model_version: "model 0", result: [rectangle({ rotation: 30 })] },
        { model_version: "model 0", score: 7, result: [rectangle({})] },
      ],
    };
    const received = await upload(["coffee.png", "chelsea.png", "astronaut.png"], [first, second, third]);
    const result = await importFiles(manager, cars, received.files, null, "upload", received.labelStudio);
    expect(result.labelStudio).toEqual(
      outcome({
        predictions: [
          { model: "model 0", version: today(), imported: 2, refused: 2 },
          { model: "label-studio", version: today(), imported: 1, refused: 0 },
        ],
        problems: [
          'task 3 (astronaut.png), prediction 2: the prediction of model "model 0" was not imported: result 1: value.rotation: rotated boxes are not supported',
          'task 3 (astronaut.png), prediction 3: the prediction of model "model 0" was not imported: score 7 is not a number from 0 to 1',
        ],
      }),
    );
    const predictions = await context().client.prediction.findMany({
      where: { projectId: cars },
      select: { score: true, result: true, item: { select: { originalName: true } }, model: { select: { name: true, version: true, predictionCount: true } } },
      orderBy: { score: "asc" },
    });
    const round = (entries: unknown) => (entries as Record<string, unknown>[]).map((entry) => Object.fromEntries(Object.entries(entry).map(([key, value]) => [key, typeof value === "number" && key !== "score" ? Math.round(value * 1000) / 1000 : value])));
    expect(predictions.map((prediction) => [prediction.item.originalName, prediction.model.name, prediction.model.version, prediction.score, round(prediction.result)])).toEqual([
      // chelsea.png (451 × 300): the box Label Studio let reach past the edges is clipped, as an annotation's is.
      ["chelsea.png", "model 0", today(), 0.36088106914938645, [{ task: "label", type: "bbox", label: "Car", x: 419.114, y: 172.17, width: 31.886, height: 127.83, score: 0.2962464632651445 }]],
      // coffee.png (600 × 400): percentages of the item's own size.
      ["coffee.png", "model 0", today(), 0.7212843313260696, [{ task: "label", type: "bbox", label: "Car", x: 21.78, y: 40.76, width: 555.06, height: 287.04, score: 0.23053804129850775 }]],
      // No prediction score: the lowest of its regions'.
      ["astronaut.png", "label-studio", today(), 0.9, [{ task: "label", type: "bbox", label: "Car", x: 51.2, y: 51.2, width: 102.4, height: 102.4, score: 0.9 }]],
    ]);
    expect(predictions[0]!.model.predictionCount).toBe(2);

    // The import's own version stands beside the first; the same version again replaces its predictions.
    for (let round = 0; round < 2; round++) {
      const again = await upload([], [first]);
      const named = await importFiles(manager, cars, again.files, null, "upload", again.labelStudio, { predictionsVersion: "ls-2024-06" });
      expect(named.labelStudio!.predictions).toEqual([{ model: "model 0", version: "ls-2024-06", imported: 1, refused: 0 }]);
    }
    const versions = await context().client.predictionModel.findMany({ where: { projectId: cars, name: "model 0" }, select: { version: true, predictionCount: true }, orderBy: { version: "asc" } });
    expect(versions).toEqual([
      { version: today(), predictionCount: 2 },
      { version: "ls-2024-06", predictionCount: 1 },
    ]);
  });

  it("refuses an export that is not JSON before storing anything", async () => {
    const before = (await listItems(manager, projectId, new URLSearchParams())).items.map((item) => item.originalName);
    const received = await upload(["astronaut.png"], "{ not json");
    const refused = await failure(importFiles(manager, projectId, received.files, null, "upload", received.labelStudio));
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/^export\.json is not a Label Studio JSON export/);
    expect((await listItems(manager, projectId, new URLSearchParams())).items.map((item) => item.originalName)).toEqual(before);
    expect(existsSync(incomingDir()) ? readdirSync(incomingDir()) : []).toEqual([]);
  });
});
