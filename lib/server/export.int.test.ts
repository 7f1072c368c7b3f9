import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it, vi } from "vitest";
import { failure } from "@/lib/testing/failure";
import { unzip, unzipBytes } from "@/lib/testing/zip";
import { describeEachDatabase, leaseTakenAgo } from "@/lib/testing/integration";
import { useTemporaryMediaDir } from "@/lib/testing/media-dir";
import { skipAssignment, submitAnnotation } from "./annotations";
import { nextAssignment } from "./assignments";
import { decideItem } from "./review";
import type { Caller } from "./auth/caller";
import { itemsHref, projectDashboard } from "./dashboard";
import { exportProject } from "./export";
import { listItems } from "./items";
import { absoluteMediaPath } from "./media/store";
import { addMember, createProject } from "./projects";
import { recountProjectStatistics } from "./statistics";
import { createUser } from "./users";

useTemporaryMediaDir("concord-export-");

const sha256Of = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * The manifest's sha256 recomputed from a zip whose entries are listed in zip order (JSONL, YOLO): a sha256sum line
 * per entry, an image by the hash it is stored under (its name's stem: the items here have made-up hashes).
 */
/** The manifest's hash as README.md defines it (sorted sha256sum lines of every file but the manifest), an image listed by its made-up hash (`<n>.png` is `sha-<n>`). */
function listedHash(files: Map<string, string>): string {
  const listing = [...files]
    .filter(([name]) => name !== "manifest.json" && !name.endsWith("/"))
    .map(([name, content]) => `${name.startsWith("images/") ? `sha-${path.parse(name).name}` : sha256Of(content)}  ${name}\n`);
  return sha256Of(listing.sort().join(""));
}

const TASKS = [
  { key: "defect", type: "classification", classes: ["ok", "scratch"] },
  { key: "boxes", type: "bbox", classes: ["scratch"] },
];

describeEachDatabase("exports", (context) => {
  const tag = () => context().target.provider;
  let manager: Caller;
  let projectId: string;

  /** An image item with its file stored (exports with media read it). */
  async function storedImage(project: string, name: string, { metadata = {}, createdAt = new Date() }: { metadata?: Record<string, string>; createdAt?: Date } = {}) {
    const mediaPath = `${tag()}/${name}`;
    mkdirSync(path.dirname(absoluteMediaPath(mediaPath)), { recursive: true });
    const { name: stem } = path.parse(name);
    writeFileSync(absoluteMediaPath(mediaPath), `png ${stem}`);
    const sha256 = `sha-${stem}`;
    return context().client.item.create({ data: { projectId: project, mediaPath, mimeType: "image/png", originalName: name, sha256, sizeBytes: 5, width: 200, height: 100, metadata, createdAt } });
  }

  /** Both labelers (ann and ben of the first test) label every item of a project they join, each their way. */
  async function labelAll(project: string, resultOf: (labeler: number, item: string) => object[]) {
    for (const [index, name] of ["ann", "ben"].entries()) {
      const user = await context().client.user.findUniqueOrThrow({ where: { email: `${name}@${tag()}.test` } });
      await addMember(manager, project, { email: user.email, role: "labeler" });
      const labeler: Caller = { user: user as Caller["user"], via: "token" };
      for (let lease = await nextAssignment(labeler, project); lease; lease = await nextAssignment(labeler, project)) {
        await leaseTakenAgo(context().client, lease.assignment.id, 60_000);
        await submitAnnotation(labeler, lease.assignment.id, { result: resultOf(index, lease.item.originalName), activeMs: 1000 }, null);
      }
    }
  }

  it("exports every item's labels with provenance, a stratified split and a manifest whose hash names the content", async () => {
    manager = { user: await createUser({ email: `m@${tag()}.test`, name: "Mia", password: "password 123", isAdmin: true }), via: "session" };
    projectId = (await createProject(manager, { name: "Phone scratches", mediaKind: "image", overlap: 2, tasks: TASKS })).id;
    const labelers: Caller[] = [];
    for (const name of ["ann", "ben"]) {
      const user = await createUser({ email: `${name}@${tag()}.test`, name, password: "password 123" });
      await addMember(manager, projectId, { email: user.email, role: "labeler" });
      labelers.push({ user, via: "token" });
    }
    for (let index = 0; index < 10; index++) {
      await storedImage(projectId, `${index}.png`, { metadata: { line: index < 5 ? "=HYPERLINK(1)" : "B" }, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)) });
    }
    // Both labelers agree on every item: 6 "ok" with no box, 4 "scratch" with the same box.
    for (let index = 0; index < 10; index++) {
      for (const labeler of labelers) {
        const lease = (await nextAssignment(labeler, projectId))!;
        await leaseTakenAgo(context().client, lease.assignment.id, 60_000);
        const scratch = Number(lease.item.originalName.split(".")[0]) >= 6;
        const result = scratch
          ? [{ task: "defect", type: "classification", values: ["scratch"] }, { task: "boxes", type: "bbox", label: "scratch", x: 50, y: 25, width: 100, height: 50 }]
          : [{ task: "defect", type: "classification", values: ["ok"] }];
        await submitAnnotation(labeler, lease.assignment.id, { result, activeMs: 1500 }, null);
      }
    }

    const jsonl = await unzip((await exportProject(manager, projectId, { format: "jsonl", split: "60,20,20", seed: "7" })).stream);
    const lines = jsonl.get("items.jsonl")!.trim().split("\n").map((line) => JSON.parse(line) as { id: string; final: unknown; split: string; annotations: { labeler: { email: string }; activeMs: number; guidelineVersion: number }[] });
    expect(lines).toHaveLength(10);
    expect(lines[0]!.annotations.map((annotation) => [annotation.labeler.email, annotation.activeMs, annotation.guidelineVersion]).sort()).toEqual([
      [`ann@${tag()}.test`, 1500, 1],
      [`ben@${tag()}.test`, 1500, 1],
    ].sort());
    const manifest = JSON.parse(jsonl.get("manifest.json")!) as { sha256: string; items: number; counts: Record<string, Record<string, number>>; guidelineVersions: unknown };
    expect(manifest.sha256).toBe(listedHash(jsonl));
    // 6 "ok" and 4 "scratch" at 60/20/20 by largest remainder.
    expect(manifest.counts).toEqual({ train: { ok: 4, scratch: 2 }, dev: { ok: 1, scratch: 1 }, test: { ok: 1, scratch: 1 } });
    expect(manifest).toMatchObject({ items: 10, guidelineVersions: { from: 1, to: 1 } });
    // The same seed gives the same split.
    const again = await unzip((await exportProject(manager, projectId, { format: "jsonl", split: "60,20,20", seed: "7" })).stream);
    expect(again.get("items.jsonl")).toBe(jsonl.get("items.jsonl"));

    const csv = (await unzip((await exportProject(manager, projectId, { format: "csv" })).stream)).get("items.csv")!;
    expect(csv).toContain("'=HYPERLINK(1)");
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    // Without the guard, for pipelines that read the cells as data; the manifest says so.
    const unguarded = await unzip((await exportProject(manager, projectId, { format: "csv", csvFormulaGuard: "0" })).stream);
    expect(unguarded.get("items.csv")!.match(/^[^\r\n]*/gm)!.filter((row) => row.endsWith(",=HYPERLINK(1)"))).toHaveLength(5);
    expect(unguarded.get("items.csv")).not.toContain("'=HYPERLINK");
    expect(JSON.parse(unguarded.get("manifest.json")!)).toMatchObject({ parameters: { format: "csv", csvFormulaGuard: false } });

    const coco = JSON.parse((await unzip((await exportProject(manager, projectId, { format: "coco" })).stream)).get("annotations/instances_all.json")!) as {
      images: unknown[];
      annotations: { bbox: number[]; category_id: number }[];
    };
    // Images without shapes are kept; the boxes are the stored ones.
    expect(coco.images).toHaveLength(10);
    expect(coco.annotations.map((annotation) => annotation.bbox)).toEqual(Array.from({ length: 4 }, () => [50, 25, 100, 50]));

    const yolo = await unzip((await exportProject(manager, projectId, { format: "yolo" })).stream);
    // Issue 21: images under their original names, labels under their stems.
    expect(yolo.get("labels/all/9.txt")!.trim()).toBe("0 0.500000 0.500000 0.500000 0.500000");
    expect(yolo.get("images/all/9.png")).toBe("png 9");
    expect(yolo.get("data.yaml")).toContain("scratch");
  });

  it("exports COCO and YOLO fit for training: unlabeled items left out and counted so, the images in the zip, splits Ultralytics reads, objects counted, a hash of names and content", async () => {
    // Two open items nobody labeled, included on request: with no label they would read as "nothing here" to a trainer.
    const unlabeled = await Promise.all(
      [10, 11].map(async (index) => {
        const mediaPath = `${tag()}/${index}.png`;
        writeFileSync(absoluteMediaPath(mediaPath), `png ${index}`);
        return context().client.item.create({ data: { projectId, mediaPath, mimeType: "image/png", originalName: `${index}.png`, sha256: `sha-${index}`, sizeBytes: 5, width: 200, height: 100, metadata: {}, reviewState: "open" } });
      }),
    );
    type Manifest = { items: number; counts: Record<string, Record<string, number>>; objects: Record<string, Record<string, number>>; leftOut: Record<string, number>; sha256: string };
    const manifestOf = (files: Map<string, string>) => JSON.parse(files.get("manifest.json")!) as Manifest;
    try {
      const jsonl = manifestOf(await unzip((await exportProject(manager, projectId, { format: "jsonl", include: "unresolved" })).stream));
      expect(jsonl).toMatchObject({ items: 12, leftOut: {}, objects: { all: { scratch: 4 } } });

      const cocoZip = await unzip((await exportProject(manager, projectId, { format: "coco", include: "unresolved" })).stream);
      const coco = JSON.parse(cocoZip.get("annotations/instances_all.json")!) as { images: { file_name: string }[]; annotations: { segmentation: unknown }[] };
      // The 10 labeled items, the 6 without a box among them (true background images); each image in the zip under images/ at its file_name, its original name.
      expect(coco.images.map((image) => image.file_name).sort()).toEqual(Array.from({ length: 10 }, (_, index) => `${index}.png`).sort());
      expect(coco.images.map((image) => cocoZip.get(`images/${image.file_name}`)).sort()).toEqual(Array.from({ length: 10 }, (_, index) => `png ${index}`).sort());
      // Issue 21: a box's segmentation is its four corners (pycocotools' annToMask raises IndexError on []).
      expect(coco.annotations.map((annotation) => annotation.segmentation)).toEqual(Array.from({ length: 4 }, () => [[50, 25, 150, 25, 150, 75, 50, 75]]));
      expect(manifestOf(cocoZip)).toMatchObject({ items: 10, counts: { all: { ok: 6, scratch: 4 } }, objects: { all: { scratch: 4 } }, leftOut: { "no label": 2 } });

      const yoloOf = async (seed: string) => unzip((await exportProject(manager, projectId, { format: "yolo", include: "unresolved", split: "60,20,20", seed })).stream);
      const yolo = await yoloOf("7");
      const manifest = manifestOf(yolo);
      // The split is of the items written, unlabeled ones left out of it: the same as JSONL's without them (above).
      expect(manifest).toMatchObject({ items: 10, counts: { train: { ok: 4, scratch: 2 }, dev: { ok: 1, scratch: 1 }, test: { ok: 1, scratch: 1 } }, leftOut: { "no label": 2 } });
      expect(manifest.sha256).toBe(listedHash(yolo));
      const labelFiles = [...yolo.keys()].filter((name) => name.startsWith("labels/"));
      expect(labelFiles).toHaveLength(10);
      expect(labelFiles.some((name) => /\/1[01]\.txt$/.test(name))).toBe(false);
      // data.yaml as Ultralytics' check_det_dataset reads it: train and val (dev) and test, each a folder of the zip.
      const yaml = Object.fromEntries([...yolo.get("data.yaml")!.matchAll(/^(\w+): "(.*)"$/gm)].map(([, key, value]) => [key, value]));
      expect(yaml).toEqual({ train: "images/train", val: "images/dev", test: "images/test" });
      for (const folder of Object.values(yaml)) expect([...yolo.keys()].some((name) => name.startsWith(`${folder}/`))).toBe(true);
      // Per split: an item count per label file, an object per label line, every value normalized.
      for (const split of ["train", "dev", "test"]) {
        const lines = labelFiles.filter((name) => name.startsWith(`labels/${split}/`)).flatMap((name) => yolo.get(name)!.split("\n").filter(Boolean));
        expect(Object.values(manifest.counts[split]!).reduce((sum, count) => sum + count, 0)).toBe(labelFiles.filter((name) => name.startsWith(`labels/${split}/`)).length);
        expect(manifest.objects[split]?.scratch ?? 0).toBe(lines.length);
        for (const line of lines) expect(line).toBe("0 0.500000 0.500000 0.500000 0.500000");
      }

      // Equal parameters give an equal hash; another seed, other split folders and another hash.
      expect(manifestOf(await yoloOf("7")).sha256).toBe(manifest.sha256);
      const reseeded = await yoloOf("8");
      expect([...reseeded.keys()].filter((name) => name.startsWith("labels/")).sort()).not.toEqual([...labelFiles].sort());
      expect(manifestOf(reseeded).sha256).not.toBe(manifest.sha256);
    } finally {
      await context().client.item.deleteMany({ where: { id: { in: unlabeled.map((item) => item.id) } } });
    }
  });

  it("exports labelers' annotations as submitted unless standardized=1 asks, and the final label standardized unless standardized=0", async () => {
    const merged = await createProject(manager, {
      name: "Merged classes",
      mediaKind: "image",
      overlap: 2,
      tasks: [{ key: "defect", type: "classification", classes: ["ok", "scratch", "deep scratch"] }],
      standardization: { classMerges: [{ task: "defect", from: ["deep scratch"], to: "scratch" }] },
    });
    await storedImage(merged.id, "m1.png");
    await labelAll(merged.id, (labeler) => [{ task: "defect", type: "classification", values: [labeler ? "scratch" : "deep scratch"] }]);
    type Task = { annotations: { completed_by?: { email: string }; result: { value: { choices: string[] } }[] }[] };
    const labelStudio = async (query: object) => {
      const [task] = JSON.parse((await unzip((await exportProject(manager, merged.id, { format: "label-studio", ...query })).stream)).get("tasks.json")!) as Task[];
      return task!.annotations.map((annotation) => [annotation.completed_by?.email ?? "(consensus)", annotation.result[0]!.value.choices[0]]).sort();
    };
    expect(await labelStudio({ labels: "all" })).toEqual([[`ann@${tag()}.test`, "deep scratch"], [`ben@${tag()}.test`, "scratch"]]);
    expect(await labelStudio({ labels: "all", standardized: "1" })).toEqual([[`ann@${tag()}.test`, "scratch"], [`ben@${tag()}.test`, "scratch"]]);
    expect(await labelStudio({})).toEqual([["(consensus)", "scratch"]]);

    type Line = { final: { values: string[] }[]; annotations: { result: { values: string[] }[] }[] };
    const jsonl = async (query: object) => {
      const [line] = (await unzip((await exportProject(manager, merged.id, { format: "jsonl", ...query })).stream)).get("items.jsonl")!.trim().split("\n").map((text) => JSON.parse(text) as Line);
      return { final: line!.final[0]!.values, annotations: line!.annotations.map((annotation) => annotation.result[0]!.values[0]).sort() };
    };
    expect(await jsonl({})).toEqual({ final: ["scratch"], annotations: ["deep scratch", "scratch"] });
    expect(await jsonl({ standardized: "1" })).toEqual({ final: ["scratch"], annotations: ["scratch", "scratch"] });
  });

  it("exports an accepted empty consensus as an empty final label (counts of 0), and dates the guidelines by the submitted annotations of the items exported", async () => {
    const boxes = await createProject(manager, { name: "Only boxes", mediaKind: "image", overlap: 2, tasks: TASKS.filter((task) => task.type === "bbox") });
    const [empty, open] = [await storedImage(boxes.id, "e1.png"), await storedImage(boxes.id, "e2.png")];
    // Nobody draws a box on e1; e2 is left unlabeled, so it stays open.
    await labelAll(boxes.id, (_labeler, item) => (item === "e1.png" ? [] : [{ task: "boxes", type: "bbox", label: "scratch", x: 1, y: 1, width: 5, height: 5 }]));
    expect((await context().client.item.findUniqueOrThrow({ where: { id: empty.id } })).reviewState).toBe("accepted");
    await context().client.item.update({ where: { id: open.id }, data: { reviewState: "open" } });
    // Later guideline versions, used only by a draft and by an item the default export leaves out.
    const laterVersion = (version: number) => context().client.guidelineVersion.create({ data: { projectId: boxes.id, version, body: `version ${version}` } });
    const [v2, v3] = [await laterVersion(2), await laterVersion(3)];
    const ann = await context().client.user.findUniqueOrThrow({ where: { email: `ann@${tag()}.test` } });
    const draft = { projectId: boxes.id, labelerId: ann.id, result: [], startedAt: new Date() };
    await context().client.annotation.create({ data: { ...draft, itemId: empty.id, revision: 2, isDraft: true, guidelineVersionId: v2.id } });
    await context().client.annotation.updateMany({ where: { itemId: open.id }, data: { guidelineVersionId: v3.id } });

    const files = await unzip((await exportProject(manager, boxes.id, { format: "jsonl" })).stream);
    const lines = files.get("items.jsonl")!.trim().split("\n").map((line) => JSON.parse(line) as { id: string; final: unknown; review: { consensus: { result: unknown } } });
    expect(lines.map((line) => [line.id, line.final, line.review.consensus.result])).toEqual([[empty.id, [], []]]);
    expect(JSON.parse(files.get("manifest.json")!)).toMatchObject({ guidelineVersions: { from: 1, to: 1 } });
    const withOpen = await unzip((await exportProject(manager, boxes.id, { format: "jsonl", include: "unresolved" })).stream);
    expect(JSON.parse(withOpen.get("manifest.json")!)).toMatchObject({ guidelineVersions: { from: 1, to: 3 } });

    const [header, row] = (await unzip((await exportProject(manager, boxes.id, { format: "csv" })).stream)).get("items.csv")!.trim().split("\r\n");
    expect(header!.split(",").at(-1)).toBe("boxes.count");
    expect(row!.split(",").at(-1)).toBe("0");
  });

  it("takes an unaccepted item's empty consensus for no consensus: left out of YOLO, no label in JSONL", async () => {
    const boxes = await createProject(manager, { name: "Disputed boxes", mediaKind: "image", overlap: 2, tasks: TASKS.filter((task) => task.type === "bbox") });
    const disputed = await storedImage(boxes.id, "d1.png");
    // As judging stores a tie, or boxes too few labelers drew: flagged, with a consensus of nothing.
    await context().client.item.update({ where: { id: disputed.id }, data: { reviewState: "flagged", submittedCount: 2 } });
    await context().client.consensusResult.create({ data: { projectId: boxes.id, itemId: disputed.id, method: "majority-vote", result: [], confidence: null, flagged: true } });

    const query = { labels: "consensus", include: "unresolved" } as const;
    const yolo = await unzip((await exportProject(manager, boxes.id, { format: "yolo", ...query })).stream);
    expect([...yolo.keys()].filter((name) => name.endsWith(".txt"))).toEqual([]);
    expect(JSON.parse(yolo.get("manifest.json")!)).toMatchObject({ items: 0, leftOut: { "no label": 1 } });
    const [line] = (await unzip((await exportProject(manager, boxes.id, { format: "jsonl", ...query })).stream)).get("items.jsonl")!.trim().split("\n");
    expect(JSON.parse(line!)).toMatchObject({ id: disputed.id, final: null, review: { state: "flagged", consensus: { result: [] } } });
  });

  it("exports each labeler's latest revision of an item, once", async () => {
    const item = await context().client.item.findFirstOrThrow({ where: { projectId, originalName: "0.png" } });
    const ann = await context().client.user.findUniqueOrThrow({ where: { email: `ann@${tag()}.test` } });
    const assignment = await context().client.assignment.findFirstOrThrow({ where: { itemId: item.id, userId: ann.id } });
    const labeler: Caller = { user: ann, via: "token" };
    for (const [revision, activeMs] of [[1, 2500], [2, 3500]] as const) {
      await submitAnnotation(labeler, assignment.id, { result: [{ task: "defect", type: "classification", values: ["ok"] }], activeMs, revision }, null);
    }
    const lines = (await unzip((await exportProject(manager, projectId, { format: "jsonl" })).stream)).get("items.jsonl")!.trim().split("\n");
    const exported = lines.map((line) => JSON.parse(line) as { id: string; annotations: { labeler: { email: string }; revision: number; activeMs: number }[] }).find((line) => line.id === item.id)!;
    expect(exported.annotations.map((annotation) => [annotation.labeler.email, annotation.revision, annotation.activeMs]).sort()).toEqual([
      [`ann@${tag()}.test`, 3, 3500],
      [`ben@${tag()}.test`, 1, 1500],
    ]);
  });

  it("writes an item's whole history in JSONL: every revision with its flags and note, every skip, every decision newest first, revision requests, people by id, name and email", async () => {
    const history = await createProject(manager, { name: "History", mediaKind: "image", overlap: 2, tasks: TASKS.filter((task) => task.type === "classification") });
    const item = await storedImage(history.id, "h1.png");
    // cy takes the item first and skips it; ann and ben then label it, disagreeing.
    const cy = await createUser({ email: `cy@${tag()}.test`, name: "Cy", password: "password 123" });
    await addMember(manager, history.id, { email: cy.email, role: "labeler" });
    const skipper: Caller = { user: cy, via: "token" };
    await skipAssignment(skipper, (await nextAssignment(skipper, history.id))!.assignment.id, { reason: "too dark to see the edge" });
    await labelAll(history.id, (labeler) => [{ task: "defect", type: "classification", values: [labeler ? "scratch" : "ok"] }]);
    // ann revises twice, the first time finding the guidelines unclear.
    const [ann, ben] = await Promise.all(["ann", "ben"].map((name) => context().client.user.findUniqueOrThrow({ where: { email: `${name}@${tag()}.test` } })));
    const annLease = await context().client.assignment.findFirstOrThrow({ where: { itemId: item.id, userId: ann!.id } });
    const revise = (revision: number, values: string[], extra: object = {}) =>
      submitAnnotation({ user: ann!, via: "token" }, annLease.id, { result: [{ task: "defect", type: "classification", values }], activeMs: 1000 + revision * 1000, revision, ...extra }, null);
    await revise(1, ["ok"], { guidelinesUnclear: true, note: 'is a "hairline" a scratch?\nthe guide says nothing' });
    const latest = await revise(2, ["scratch"]);
    // Two decisions, the later in force; a reviewer asked ben to look again in between.
    const accepted = await decideItem(manager, item.id, { action: "accept-annotation", annotationId: latest.annotationId, reason: "ann's second look is right", category: "labeling-error" });
    const request = await context().client.revisionRequest.create({
      data: { projectId: history.id, itemId: item.id, labelerId: ben!.id, decisionId: accepted.id, reason: "look at the top edge", status: "declined", closedAt: new Date(Date.UTC(2026, 3, 1, 12)) },
    });
    await new Promise((resolve) => setTimeout(resolve, 5)); // decisions are ordered by time
    const edited = await decideItem(manager, item.id, { action: "edit", result: [{ task: "defect", type: "classification", values: ["scratch"] }], reason: "a hairline is a scratch", category: "guideline-gap" });

    const files = await unzip((await exportProject(manager, history.id, { format: "jsonl" })).stream);
    const [line, ...others] = files.get("items.jsonl")!.trim().split("\n").map((text) => JSON.parse(text) as Record<string, unknown> & { annotations: { labeler: { email: string } }[]; review: Record<string, unknown> });
    expect(others).toEqual([]);
    const person = (user: { id: string; name: string; email: string }) => ({ id: user.id, name: user.name, email: user.email });
    const revision = (number: number, values: string[]) => ({
      id: expect.any(String), revision: number, startedAt: expect.any(String), submittedAt: expect.any(String), activeMs: number * 1000,
      guidelineVersion: 1, guidelinesUnclear: false, note: null, client: { userAgent: null, appVersion: expect.any(String) }, preannotation: null, result: [{ task: "defect", type: "classification", values }],
    });
    expect([...line!.annotations].sort((a, b) => a.labeler.email.localeCompare(b.labeler.email))).toEqual([
      {
        ...revision(3, ["scratch"]),
        id: latest.annotationId,
        labeler: person(ann!),
        earlierRevisions: [{ ...revision(2, ["ok"]), guidelinesUnclear: true, note: 'is a "hairline" a scratch?\nthe guide says nothing' }, revision(1, ["ok"])],
      },
      { ...revision(1, ["scratch"]), labeler: person(ben!), earlierRevisions: [] },
    ]);
    expect(line!.skips).toEqual([{ labeler: person(cy), reason: "other", note: "too dark to see the edge", at: expect.stringMatching(/^\d{4}-.*Z$/), revisionLease: false }]);
    const decision = (view: typeof edited, annotationId: string | null, result: unknown[]) => ({
      id: view.id, action: view.action, reason: view.reason, category: view.category, reviewer: person(manager.user), at: view.createdAt.toISOString(), result, annotationId, sessionId: null, guidelineVersion: 1,
    });
    const decisions = [decision(edited, null, [{ task: "defect", type: "classification", values: ["scratch"] }]), decision(accepted, latest.annotationId, [{ task: "defect", type: "classification", values: ["scratch"] }])];
    expect(line!.review).toMatchObject({
      state: "resolved",
      decision: decisions[0],
      decisions,
      revisionRequests: [{ id: request.id, labeler: person(ben!), reason: "look at the top edge", status: "declined", decisionId: accepted.id, requestedAt: request.createdAt.toISOString(), closedAt: "2026-04-01T12:00:00.000Z" }],
    });
    expect(line!.final).toEqual([{ task: "defect", type: "classification", values: ["scratch"] }]);
  });

  it("writes a project of many pages in item order, each item once, with its split and its labelers' latest revisions and the earlier ones", async () => {
    // Pages of 500 items go to the page workers and come back in order. 2,700 items with ids in index order, 750 of
    // them excluded: with a split, the 1,950 exported make four pages; without, a scan makes six, the fourth (items
    // 1,500–1,999) all excluded, the third half excluded.
    const large = await createProject(manager, { name: "Many pages", mediaKind: "image", overlap: 1, tasks: TASKS });
    const itemId = (index: number) => `${tag()}-many-${String(index).padStart(5, "0")}`;
    const excluded = (index: number) => index >= 1250 && index < 2000;
    await context().client.item.createMany({
      data: Array.from({ length: 2700 }, (_, index) => ({
        id: itemId(index), projectId: large.id, mediaPath: `${tag()}/many-${index}.png`, mimeType: "image/png", originalName: `many-${index}.png`, sha256: `many-${index}`, sizeBytes: 5, metadata: {},
        reviewState: excluded(index) ? ("excluded" as const) : ("open" as const),
      })),
    });
    // Annotations on both sides of a page boundary and on the last item: two revisions (the latest with the earlier inside it),
    // with and without a client, none under a guideline version.
    const annotation = (index: number, revision: number, clientInfo?: { appVersion: string }) => ({
      projectId: large.id, itemId: itemId(index), labelerId: manager.user.id, revision, activeMs: 1000 * revision, clientInfo,
      result: [{ task: "defect", type: "classification", values: [revision === 1 ? "ok" : "scratch"] }],
      startedAt: new Date(Date.UTC(2026, 2, 1, 9, 0, index % 60, 5)), submittedAt: new Date(Date.UTC(2026, 2, 1, 9, 30, 0, 120)),
    });
    await context().client.annotation.createMany({ data: [annotation(499, 1), annotation(499, 2, { appVersion: "9.9" }), annotation(500, 1), annotation(2699, 1, { appVersion: "1.0" })] });

    const jsonl = await unzip((await exportProject(manager, large.id, { format: "jsonl", include: "unresolved", split: "80,10,10", seed: "3" })).stream);
    type Line = { id: string; split: string; annotations: { revision: number; startedAt: string; submittedAt: string; activeMs: number; guidelineVersion: number | null; client: unknown; result: unknown }[] };
    const lines = jsonl.get("items.jsonl")!.trim().split("\n").map((line) => JSON.parse(line) as Line);
    const kept = Array.from({ length: 2700 }, (_, index) => index).filter((index) => !excluded(index));
    expect(lines.map((line) => line.id)).toEqual(kept.map(itemId));
    const perSplit: Record<string, number> = {};
    for (const { split } of lines) perSplit[split] = (perSplit[split] ?? 0) + 1;
    expect(perSplit).toEqual({ train: 1560, dev: 195, test: 195 });
    const manifest = JSON.parse(jsonl.get("manifest.json")!) as { items: number; sha256: string };
    expect(manifest).toMatchObject({ items: 1950, sha256: listedHash(jsonl) });

    const annotationsOf = (index: number) => lines.find((line) => line.id === itemId(index))!.annotations;
    const times = { startedAt: "2026-03-01T09:00:19.005Z", submittedAt: "2026-03-01T09:30:00.120Z", guidelineVersion: null, guidelinesUnclear: false, note: null, preannotation: null };
    expect(annotationsOf(499)).toEqual([
      {
        id: expect.any(String), labeler: { id: manager.user.id, name: "Mia", email: `m@${tag()}.test` }, revision: 2, ...times, activeMs: 2000, client: { appVersion: "9.9" }, result: [{ task: "defect", type: "classification", values: ["scratch"] }],
        earlierRevisions: [{ id: expect.any(String), revision: 1, ...times, activeMs: 1000, client: null, result: [{ task: "defect", type: "classification", values: ["ok"] }] }],
      },
    ]);
    expect(annotationsOf(500)).toMatchObject([{ revision: 1, startedAt: "2026-03-01T09:00:20.005Z", client: null, guidelineVersion: null }]);
    expect(annotationsOf(2699)).toMatchObject([{ revision: 1, activeMs: 1000, client: { appVersion: "1.0" } }]);
    expect(lines.filter((line) => line.annotations.length).map((line) => line.id)).toEqual([itemId(499), itemId(500), itemId(2699)]);

    const unsplit = (await unzip((await exportProject(manager, large.id, { format: "jsonl", include: "unresolved" })).stream)).get("items.jsonl")!.trim().split("\n");
    expect(unsplit.map((line) => JSON.parse(line) as Line).map(({ id, split }) => [id, split])).toEqual(kept.map((index) => [itemId(index), null]));
    const csvRows = (await unzip((await exportProject(manager, large.id, { format: "csv", include: "unresolved" })).stream)).get("items.csv")!.trim().split("\n");
    expect(csvRows).toHaveLength(1 + 1950);
  });

  it("summarises the same project on the dashboard, each figure linking to the items behind it", async () => {
    const dashboard = await projectDashboard(manager, projectId);
    expect(dashboard.states.find((row) => row.state === "complete")?.items).toBe(10);
    expect(dashboard.throughput.reduce((sum, day) => sum + day.submissions, 0)).toBe(20);
    expect(dashboard.throughput.flatMap((day) => Object.values(day.byLabeler))).toEqual([10, 10]);
    expect(dashboard.medianActiveSeconds.value).toBe(1.5);
    expect(dashboard.overallAgreement).toMatchObject({ mean: 1, items: 10 });
    expect(dashboard.labelers.map(({ name, submitted, skipped, medianActiveSeconds, uncertain, withConsensus, withGold }) => [name, submitted, skipped.items, medianActiveSeconds, uncertain.rate, withConsensus.rate, withConsensus.items, withGold.items]).sort()).toEqual([
      ["ann", 10, 0, 1.5, 0, 1, 10, 0],
      ["ben", 10, 0, 1.5, 0, 1, 10, 0],
    ]);
    // Both labelers matched the final label on all 6 "ok" and 4 "scratch" items.
    expect(dashboard.classes).toMatchObject([
      {
        task: "defect",
        multiple: false,
        confusion: { categories: ["ok", "scratch"], counts: [[12, 0], [0, 8]] },
        humanLevel: [
          { label: "ok", answers: 12, agreeing: 12, rate: 1 },
          { label: "scratch", answers: 8, agreeing: 8, rate: 1 },
        ],
        agreementWithOthers: 1,
        estimated: null, // fewer than 20 items
      },
    ]);
    // Every item was completed on one day under guideline version 1, all agreeing.
    expect(dashboard.agreementOverTime.versions).toEqual([1]);
    expect(dashboard.agreementOverTime.days).toMatchObject([{ v1: 1 }]);

    // The links, followed through the item list, give the items each figure counts.
    const itemsAt = async (href: string) => {
      const query = new URL(href, "http://concord.test").searchParams;
      return (await listItems(manager, projectId, query)).items.map((item) => item.originalName).sort();
    };
    const scratches = ["6.png", "7.png", "8.png", "9.png"];
    expect(await itemsAt(dashboard.classes[0]!.confusion.hrefs[1]![1]!)).toEqual(scratches);
    expect(await itemsAt(dashboard.classes[0]!.confusion.hrefs[0]![1]!)).toEqual([]);
    expect(await itemsAt(dashboard.classes[0]!.humanLevel[0]!.href)).toHaveLength(6);
    expect(await itemsAt(dashboard.states.find((row) => row.state === "complete")!.href)).toHaveLength(10);
    expect(await itemsAt(dashboard.throughput.find((day) => day.submissions)!.href)).toHaveLength(10);
    expect(await itemsAt(dashboard.overallAgreement.href)).toHaveLength(10);
    expect(await itemsAt(dashboard.labelers[0]!.withConsensus.href)).toHaveLength(10);
    expect(await itemsAt(itemsHref(projectId, { "meta.line": "B", task: "defect", answer: "scratch" }))).toEqual(scratches);
    expect((await failure(listItems(manager, projectId, new URLSearchParams("answer=ok")))).message).toBe("task: answer and final need the task they belong to");

    // Pages go on from the cursor even when its item stopped matching meanwhile (here: excluded by a reviewer).
    const firstPage = await listItems(manager, projectId, new URLSearchParams("state=accepted&limit=3"));
    expect(firstPage.items.map((item) => item.originalName)).toEqual(["0.png", "1.png", "2.png"]);
    await context().client.item.update({ where: { id: firstPage.nextCursor! }, data: { reviewState: "excluded" } });
    const secondPage = await listItems(manager, projectId, new URLSearchParams(`state=accepted&limit=3&cursor=${firstPage.nextCursor}`));
    expect(secondPage.items.map((item) => item.originalName)).toEqual(["3.png", "4.png", "5.png"]);
    await context().client.item.update({ where: { id: firstPage.nextCursor! }, data: { reviewState: "accepted" } });
  });

  it("opens a day of agreement over time as the items completed that day, not every item labeled then", async () => {
    const [early, mixed] = await Promise.all(["1.png", "2.png"].map((name) => context().client.item.findFirstOrThrow({ where: { projectId, originalName: name } })));
    // Both labels of one item, and one of another, were given on 1 March: only the first was complete then.
    const march = (hour: number) => new Date(Date.UTC(2026, 2, 1, hour));
    await context().client.annotation.updateMany({ where: { itemId: early!.id, revision: 1 }, data: { submittedAt: march(10) } });
    const [firstOfMixed] = await context().client.annotation.findMany({ where: { itemId: mixed!.id, revision: 1 }, orderBy: { labelerId: "asc" } });
    await context().client.annotation.update({ where: { id: firstOfMixed!.id }, data: { submittedAt: march(11) } });
    // Written behind the data layer's back: counted again, as after any change made by hand.
    await recountProjectStatistics(projectId);

    const { agreementOverTime } = await projectDashboard(manager, projectId);
    const march1 = agreementOverTime.days.find((day) => day.day === "2026-03-01")!;
    const itemsAt = async (query: URLSearchParams) => (await listItems(manager, projectId, query)).items.map((item) => item.id).sort();
    expect(await itemsAt(new URL(march1.href, "http://concord.test").searchParams)).toEqual([early!.id]);
    expect(await itemsAt(new URLSearchParams("day=2026-03-01"))).toEqual([early!.id, mixed!.id].sort());
    expect((await failure(listItems(manager, projectId, new URLSearchParams("completed=1 March")))).message).toMatch(/^completed: /);
    expect((await failure(listItems(manager, projectId, new URLSearchParams("state=reviewing")))).message).toMatch(/^state: /);
  });

  it("fails a download whose export breaks off, rather than ending it as if the zip were whole", async () => {
    // A media file gone from the store: the YOLO export stops at it, after the first bytes were sent.
    const item = await context().client.item.findFirstOrThrow({ where: { projectId, originalName: "5.png" } });
    const stored = absoluteMediaPath(item.mediaPath);
    const bytes = readFileSync(stored);
    rmSync(stored);
    try {
      // The export fails as its download starts, or, on a busy machine, as it is asked for: either way it fails.
      await expect(exportProject(manager, projectId, { format: "yolo" }).then(({ stream }) => unzipBytes(stream))).rejects.toThrow(/^The export failed: .*ENOENT/s);
    } finally {
      writeFileSync(stored, bytes);
    }
  });

  it("writes a stored client description with a raw control character escaped, fails on one that is not JSON, and PostgreSQL stores neither", async () => {
    // Stored JSON goes into JSONL as it is read: SQLite's json() checks it (and escapes what it keeps), PostgreSQL's jsonb refuses it.
    const annotation = await context().client.annotation.findFirstOrThrow({ where: { projectId, isDraft: false } });
    const rawControl = '{"agent":"a\u001fb"}';
    const notJson = '{"agent":';
    if (context().target.provider === "postgresql") {
      for (const stored of [rawControl, notJson]) {
        await expect(context().client.$executeRawUnsafe(`UPDATE "Annotation" SET "clientInfo" = $1::jsonb WHERE id = $2`, stored, annotation.id)).rejects.toThrow(/invalid input syntax for type json/);
      }
      return;
    }
    const store = (stored: string) => context().client.$executeRawUnsafe(`UPDATE "Annotation" SET "clientInfo" = ? WHERE id = ?`, stored, annotation.id);
    try {
      await store(rawControl);
      const lines = (await unzip((await exportProject(manager, projectId, { format: "jsonl" })).stream)).get("items.jsonl")!.trim().split("\n");
      const exported = lines.map((line) => JSON.parse(line) as { annotations: { id: string; client: unknown }[] }).flatMap((line) => line.annotations);
      expect(exported.find((candidate) => candidate.id === annotation.id)!.client).toEqual({ agent: "a\u001fb" });

      await store(notJson);
      const { stream } = await exportProject(manager, projectId, { format: "jsonl" });
      await expect(unzipBytes(stream)).rejects.toThrow(/^The export failed: .*Reading the annotations of items .+ to .+: malformed JSON/s);
    } finally {
      await context().client.annotation.update({ where: { id: annotation.id }, data: { clientInfo: annotation.clientInfo ?? undefined } });
    }
  });

  it("exports a project without items as an empty JSONL file and a manifest of none", async () => {
    const empty = (await createProject(manager, { name: "Nothing yet", mediaKind: "image", overlap: 2, tasks: TASKS })).id;
    const files = await unzip((await exportProject(manager, empty, { format: "jsonl", split: "80,20", seed: "1" })).stream);
    expect(files.get("items.jsonl")).toBe("");
    expect(JSON.parse(files.get("manifest.json")!)).toMatchObject({ items: 0, counts: {}, objects: {}, leftOut: {}, sha256: listedHash(new Map([["items.jsonl", ""]])) });
    // Issue 21: data.yaml names no folder without images (Ultralytics refuses one), and the manifest says why.
    const yolo = await unzip((await exportProject(manager, empty, { format: "yolo" })).stream);
    expect(yolo.get("data.yaml")).toContain("train: null\nval: null\n");
    expect([...yolo.keys()].filter((name) => name.endsWith("/"))).toEqual([]);
    expect((JSON.parse(yolo.get("manifest.json")!) as { notes: string[] }).notes).toEqual([expect.stringMatching(/^No training images/), expect.stringMatching(/^No dev part/)]);
  });

  it("gives an export's turn to the next when its download is closed early, and leaves no process behind", async () => {
    const children = () =>
      readdirSync("/proc/self/task").flatMap((thread) => readFileSync(`/proc/self/task/${thread}/children`, "utf8").split(" ").filter(Boolean));
    const before = children().length;
    // Three in a row, one more than run at once: the third starts only if the closed ones gave their turn back.
    for (let round = 0; round < 3; round++) {
      const reader = (await exportProject(manager, projectId, { format: "jsonl" })).stream.getReader();
      await reader.read();
      await reader.cancel();
    }
    await vi.waitFor(() => expect(children()).toHaveLength(before), { timeout: 10_000 });
  });

  it("refuses a bad query with the field named, and labelers", async () => {
    expect((await failure(exportProject(manager, projectId, { format: "xml" }))).message).toMatch(/^format: /);
    expect((await failure(exportProject(manager, projectId, { format: "jsonl", split: "70,-30" }))).message).toBe('split: Split "70,-30": -30 is negative.');
    // labels=all is every labeler's annotation: refused by the formats that write one label per item.
    for (const format of ["csv", "coco", "yolo", "asr-manifest", "segments-csv"]) {
      const refused = await failure(exportProject(manager, projectId, { format, labels: "all" }));
      expect([refused.status, refused.message]).toEqual([400, 'labels: "all" (every labeler\'s annotation) is only for jsonl and label-studio; this format writes one label per item: use final, consensus or gold']);
    }
    // Issue 21: a format that does not fit the project's media is refused with the reason, by the job's API too.
    const misfit = await failure(exportProject(manager, projectId, { format: "segments-csv" }));
    expect([misfit.status, misfit.message]).toEqual([400, "format: Segments CSV is for audio projects, and this project's items are image; choose another format."]);
    // The formula guard is about spreadsheet cells: only the CSV formats have any.
    const guarded = await failure(exportProject(manager, projectId, { format: "jsonl", csvFormulaGuard: "0" }));
    expect([guarded.status, guarded.message]).toEqual([400, "csvFormulaGuard: csvFormulaGuard is for the CSV formats (csv and segments-csv); this format writes no spreadsheet cells"]);
    expect((await failure(exportProject(manager, projectId, { format: "csv", csvFormulaGuard: "no" }))).message).toMatch(/^csvFormulaGuard: /);
    const labeler: Caller = { user: (await context().client.user.findFirstOrThrow({ where: { email: `ann@${tag()}.test` } })) as Caller["user"], via: "token" };
    expect((await failure(exportProject(labeler, projectId, { format: "jsonl" }))).status).toBe(403);
  });
});
