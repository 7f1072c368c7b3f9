import { expect, it } from "vitest";
import { krippendorffAlpha } from "@/lib/quality/categorical";
import { MISSED } from "@/lib/quality/labeler-pairs";
import { projectAgreementSchema } from "@/lib/validation/api";
import { describeEachDatabase, type IntegrationContext } from "@/lib/testing/integration";
import { projectAgreement } from "./agreement";
import { MIN_ITEMS_FOR_MODEL } from "./labeler-models";
import { submitAnnotation } from "./annotations";
import { nextAssignment } from "./assignments";
import type { Caller } from "./auth/caller";
import { AppError } from "./errors";
import { listItems } from "./items";
import { projectDashboard } from "./dashboard";
import { addMember, createProject, removeMember } from "./projects";
import { addImportedItems } from "./statistics";
import { createUser } from "./users";

// Three labelers answer four items; rows are labelers, columns items (c has no answer for item 3).
const ANSWERS = [
  ["ok", "scratch", "ok", "scratch"],
  ["ok", "scratch", "scratch", "scratch"],
  ["ok", "ok", null, "scratch"],
] as const;
const DEVICES = ["phone", "phone", "laptop", "laptop"];

/** A project of these labelers (by name) with one item per metadata record, as the test's admin. */
async function projectWithItems(context: IntegrationContext, spec: { name: string; mediaKind: "image" | "audio"; overlap: number; tasks: object[] }, metadata: object[], names: string[]) {
  const tag = `${spec.name.toLowerCase()}.${context.target.provider}`;
  const manager: Caller = { user: await createUser({ email: `am@${tag}.test`, password: "password 123", isAdmin: true }), via: "session" };
  const project = await createProject(manager, spec);
  const itemIds: string[] = [];
  for (const [index, record] of metadata.entries()) {
    const media = spec.mediaKind === "image" ? { mimeType: "image/png", width: 100, height: 100 } : { mimeType: "audio/wav", durationMs: 5000 };
    const item = await context.client.item.create({
      data: { projectId: project.id, mediaPath: `p/${index}`, originalName: `${index}`, sha256: `${tag}-${index}`, sizeBytes: 1, metadata: record, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)), ...media },
    });
    itemIds.push(item.id);
  }
  await addImportedItems(context.client, project.id, metadata as Record<string, unknown>[]);
  const labelers: Caller[] = [];
  for (const name of names) {
    const user = await createUser({ email: `${name}@${tag}.test`, password: "password 123", name });
    await addMember(manager, project.id, { email: user.email, role: "labeler" });
    labelers.push({ user, via: "token" });
  }
  return { manager, project, itemIds, labelers };
}

/** Each labeler works through the queue, submitting `resultOf(labeler's index, item's index)`. */
async function labelAll(labelers: Caller[], projectId: string, itemIds: string[], resultOf: (row: number, column: number) => object[]) {
  for (const [row, labeler] of labelers.entries()) {
    for (let lease = await nextAssignment(labeler, projectId); lease; lease = await nextAssignment(labeler, projectId)) {
      await submitAnnotation(labeler, lease.assignment.id, { result: resultOf(row, itemIds.indexOf(lease.item.id)), activeMs: 1000 }, null);
    }
  }
}

/** A labeler-by-labeler matrix keyed by the labelers' names, so the test does not depend on id order. */
function byName<T>(labelers: Caller[], ids: string[], matrix: T[][]): Record<string, T> {
  const nameOf = (id: string) => labelers.find((labeler) => labeler.user.id === id)!.user.name;
  return Object.fromEntries(ids.flatMap((row, r) => ids.map((column, c) => [`${nameOf(row)}–${nameOf(column)}`, matrix[r]![c]!])));
}

describeEachDatabase("agreement in the app", (context) => {
  it("stores an item's agreement when it reaches its overlap and serves project figures", async () => {
    // The class is optional here, so that one labeler can leave an item without one (a missing value for alpha).
    const tasks = [
      { key: "defect", type: "classification", classes: ["ok", "scratch"], required: false },
      { key: "boxes", type: "bbox", classes: ["scratch"] },
    ];
    const { manager, project, itemIds, labelers } = await projectWithItems(context(), { name: "Agree", mediaKind: "image", overlap: 3, tasks }, DEVICES.map((device) => ({ device })), ["a", "b", "c"]);
    // Each item gets the labeler's answer and one box.
    await labelAll(labelers, project.id, itemIds, (row, column) => {
      const answer = ANSWERS[row]![column];
      return [...(answer ? [{ task: "defect", type: "classification", values: [answer] }] : []), { task: "boxes", type: "bbox", label: "scratch", x: 10, y: 10, width: 20, height: 20 }];
    });

    const stored = await context().client.item.findUniqueOrThrow({ where: { id: itemIds[0]! } });
    expect(stored.agreement).toMatchObject({ defect: { percentAgreement: { value: 1 }, votes: { ok: 3 } }, boxes: { meanF1: { value: 1 } } });
    expect(stored.agreementAt).toBeInstanceOf(Date);

    const figures = await projectAgreement(manager, project.id);
    const expected = krippendorffAlpha(ANSWERS.map((row) => [...row]), { level: "nominal" }).value!;
    expect(figures.labeledItems).toBe(4);
    expect(figures.tasks.defect).toMatchObject({ type: "classification", alpha: { value: expect.closeTo(expected, 12) }, byGuidelineVersion: { v1: { value: expect.closeTo(expected, 12) } } });
    const phone = krippendorffAlpha(ANSWERS.map((row) => row.slice(0, 2)), { level: "nominal" }).value!;
    expect(figures.tasks.defect?.byMetadata.device?.phone?.value).toBeCloseTo(phone, 12);
    expect(figures.tasks.boxes).toMatchObject({ type: "bbox", figure: "meanF1", mean: { value: 1 }, items: 4 });
    // Four items are too few for Dawid–Skene: the dashboard says so rather than leaving the figure out.
    const dashboard = await projectDashboard(manager, project.id);
    expect(dashboard.dawidSkene).toEqual({ minItems: MIN_ITEMS_FOR_MODEL, tasks: [{ task: "defect", items: 4, fitted: false, model: null }] });
    expect(dashboard.labelers.map((row) => row.estimatedAccuracy)).toEqual([{ defect: null }, { defect: null }, { defect: null }]);

    const labeler = labelers[0]!;
    const refused = await projectAgreement(labeler, project.id).then(() => null, (error: unknown) => error as AppError);
    expect(refused?.status).toBe(403);
  });

  it("boxes: matched F1 per labeler pair, per label, per line and guideline version, and the label confusion with missed boxes", async () => {
    const { manager, project, itemIds, labelers } = await projectWithItems(
      context(),
      { name: "Boxes", mediaKind: "image", overlap: 3, tasks: [{ key: "boxes", type: "bbox", classes: ["scratch", "dent"] }] },
      [{ line: "A" }, { line: "B" }],
      ["a", "b", "c"],
    );
    const box = (label: string, x: number) => ({ task: "boxes", type: "bbox", label, x, y: 0, width: 10, height: 10 });
    // Line A: everyone boxes the same place, c calls it a dent (every pair F1 1). Line B: a boxes two
    // scratches, b one of them, c nothing (a–b 2·1/3, a–c 0, b–c 0: item 2/9).
    const boxes = [
      [[box("scratch", 0)], [box("scratch", 0), box("scratch", 50)]],
      [[box("scratch", 0)], [box("scratch", 0)]],
      [[box("dent", 0)], []],
    ];
    await labelAll(labelers, project.id, itemIds, (row, column) => boxes[row]![column]!);

    const figures = projectAgreementSchema.parse(await projectAgreement(manager, project.id)).tasks.boxes!;
    if (figures.type !== "bbox") throw new Error(`boxes is ${figures.type}`);
    expect(figures.figure).toBe("meanF1");
    expect(figures.mean.value).toBeCloseTo((1 + 2 / 9) / 2, 12);
    expect(figures.items).toBe(2);
    expect(figures.byMetadata.line?.A?.value).toBeCloseTo(1, 12);
    expect(figures.byMetadata.line?.B?.value).toBeCloseTo(2 / 9, 12);
    // Six pairs, all under guideline version 1.
    expect(figures.byGuidelineVersion.v1?.value).toBeCloseTo((3 + 2 / 3) / 6, 12);
    const { labelers: ids, agreement, itemsBothLabeled } = figures.labelerPairs;
    expect(byName(labelers, ids, agreement)).toMatchObject({ "a–b": expect.closeTo(5 / 6, 12), "a–c": 1 / 2, "b–c": 1 / 2, "c–a": 1 / 2, "a–a": null });
    expect(byName(labelers, ids, itemsBothLabeled)).toMatchObject({ "a–b": 2, "b–c": 2, "c–c": 0 });
    // Scratches: 10 compared, 2 pairs agreeing on the label (2·2/10); the dent never agrees.
    expect(figures.perClass).toEqual([
      { label: "dent", f1: 0, objects: 2 },
      { label: "scratch", f1: 2 / 5, objects: 10 },
    ]);
    // c leaves the project: the dashboard still names c beside the pairs c labeled in, and keeps c's row, marked.
    await removeMember(manager, project.id, labelers[2]!.user.id);
    const dashboard = await projectDashboard(manager, project.id);
    expect(dashboard.labelers.map((row) => [row.name, row.member]).sort()).toEqual([["a", true], ["b", true], ["c", false]]);
    expect(ids.map((id) => dashboard.names[id])).toEqual(expect.arrayContaining(["a", "b", "c"]));
    expect(figures.confusion).toEqual({
      labels: ["dent", "scratch", MISSED],
      counts: [
        [0, 2, 0],
        [2, 4, 4],
        [0, 4, 0],
      ],
    });
    // A label's figures open the items where someone drew one: the dent only on line A, scratches on both.
    const withLabel = async (answer: string) => (await listItems(manager, project.id, new URLSearchParams({ status: "compared", task: "boxes", answer }))).items.map((item) => item.id);
    expect(await withLabel("dent")).toEqual([itemIds[0]]);
    expect(await withLabel("scratch")).toEqual(itemIds);
  });

  it("segments and transcripts: the same figures in matched F1 and 1 − WER, no labels for transcripts", async () => {
    const tasks = [
      { key: "speech", type: "segment", classes: ["speech", "music"] },
      { key: "text", type: "transcript" },
    ];
    const { manager, project, itemIds, labelers } = await projectWithItems(context(), { name: "Voices", mediaKind: "audio", overlap: 2, tasks }, [{ accent: "north" }], ["a", "b"]);
    const segment = (label: string, start: number, end: number) => ({ task: "speech", type: "segment", label, start, end });
    const results = [
      [segment("speech", 0, 1), { task: "text", type: "transcript", text: "turn on the light" }],
      [segment("speech", 0.1, 1.1), segment("music", 2, 3), { task: "text", type: "transcript", text: "turn on light" }],
    ];
    await labelAll(labelers, project.id, itemIds, (row) => results[row]!);

    const { speech, text } = projectAgreementSchema.parse(await projectAgreement(manager, project.id)).tasks;
    if (speech?.type !== "segment" || text?.type !== "transcript") throw new Error("unexpected task figures");
    // One speech segment matched of three drawn.
    expect(speech).toMatchObject({ figure: "meanF1", mean: { value: 2 / 3 }, items: 1, byGuidelineVersion: { v1: { value: 2 / 3 } }, segmentTranscripts: null });
    expect(speech.perClass).toEqual([
      { label: "music", f1: 0, objects: 1 },
      { label: "speech", f1: 1, objects: 2 },
    ]);
    expect(speech.confusion).toEqual({
      labels: ["music", "speech", MISSED],
      counts: [
        [0, 0, 1],
        [0, 2, 0],
        [1, 0, 0],
      ],
    });
    // The item figure is the medoid's ("turn on light", one deletion of four words); the pair's the mean of both directions.
    expect(text).toMatchObject({ figure: "oneMinusWer", mean: { value: 3 / 4 }, perClass: [], confusion: null });
    expect(byName(labelers, text.labelerPairs.labelers, text.labelerPairs.agreement)["a–b"]).toBeCloseTo(1 - (1 / 4 + 1 / 3) / 2, 12);
  });
});
