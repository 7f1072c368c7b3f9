// The whole path through the API on each database: import real fixtures, three labelers label by token,
// a reviewer resolves a dispute, every export format comes out, and each is checked against what is stored
// (and against the media themselves); a Label Studio export re-imported gives the same labels.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import decodeAudio from "audio-decode";
import { parse as parseCsv } from "csv-parse/sync";
import { expect, it } from "vitest";
import { GET as getAnnotations } from "@/app/api/v1/items/[itemId]/annotations/route";
import { POST as decide } from "@/app/api/v1/items/[itemId]/decision/route";
import { GET as getItem } from "@/app/api/v1/items/[itemId]/route";
import { POST as submit } from "@/app/api/v1/assignments/[assignmentId]/submit/route";
import { GET as exportRoute } from "@/app/api/v1/projects/[projectId]/export/route";
import { POST as acknowledge } from "@/app/api/v1/projects/[projectId]/guidelines/acknowledge/route";
import { POST as importRoute } from "@/app/api/v1/projects/[projectId]/imports/route";
import { POST as addMemberRoute } from "@/app/api/v1/projects/[projectId]/members/route";
import { POST as next } from "@/app/api/v1/projects/[projectId]/next/route";
import { GET as reviewQueue } from "@/app/api/v1/projects/[projectId]/review-queue/route";
import { POST as createProjectRoute } from "@/app/api/v1/projects/route";
import { apiClient, expectJson, type ApiCall } from "@/lib/testing/api";
import { fixturePath } from "@/lib/testing/fixtures";
import { describeEachDatabase, leaseTakenAgo } from "@/lib/testing/integration";
import { useTemporaryMediaDir } from "@/lib/testing/media-dir";
import { readExport } from "@/lib/testing/python";
import { extractedWithPython, unzip, unzipBytes } from "@/lib/testing/zip";
import type { ResultEntry } from "@/lib/validation/annotation";
import { createApiToken } from "./api-tokens";
import { createUser } from "./users";

useTemporaryMediaDir("concord-round-trip-");

const IMAGE_TASKS = [
  { key: "quality", type: "classification", classes: ["sharp", "blurry"] },
  { key: "objects", type: "bbox", classes: ["cup", "face"] },
  { key: "outline", type: "polygon", classes: ["cup"] },
];
const AUDIO_TASKS = [
  { key: "speech", type: "segment", classes: ["speech", "noise"], transcript: true },
  { key: "scene", type: "classification", classes: ["indoor", "outdoor"] },
];
const IMAGES = ["coffee.png", "chelsea.png", "astronaut.png", "rocket.jpg"];
const CLIPS = ["clip1.wav", "clip2.wav", "clip3.wav", "dialogue.wav"];
// Spreadsheet formulas in metadata, which a CSV export must not run, and a signed number, which stays a number.
const FORMULAS = ["=SUM(A1:A9)", "+1 day", "-5", "@home"];
const GUARDED = ["'=SUM(A1:A9)", "'+1 day", "-5", "'@home"];

interface ItemView {
  id: string;
  originalName: string;
  sha256: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  metadata: Record<string, unknown>;
  review: { state: string; gold: ResultEntry[] | null; decisions: { reason: string }[] };
}
interface ImportView {
  created: { id: string; name: string }[];
  labelStudio?: { annotations: number; goldLabels: number; skips: number; newLabelers: string[]; invited: string[]; unmappedAnnotators: string[]; problems: string[] };
}
type Box = Extract<ResultEntry, { type: "bbox" }>;

/** An upload of fixture files (and text parts), as the browser or a script sends it. */
function upload(files: { name: string; bytes: Buffer }[], parts: Record<string, { name: string; text: string }> = {}): RequestInit {
  const form = new FormData();
  for (const file of files) form.append("files", new File([new Uint8Array(file.bytes)], file.name));
  for (const [field, part] of Object.entries(parts)) form.append(field, new File([part.text], part.name));
  return { method: "POST", body: form };
}

/** A labeler's answer per file: everyone agrees except on rocket.jpg's box (the dispute). */
function imageAnswer(file: string, labeler: number, size: { width: number; height: number }): ResultEntry[] {
  const box = (label: string, left: number, top: number): Box => ({ task: "objects", type: "bbox", label, x: size.width * left, y: size.height * top, width: size.width / 4, height: size.height / 5 });
  const quality: ResultEntry = { task: "quality", type: "classification", values: [file === "astronaut.png" ? "blurry" : "sharp"] };
  if (file === "rocket.jpg") return [quality, box("cup", [0.05, 0.4, 0.7][labeler]!, [0.05, 0.5, 0.75][labeler]!)];
  if (file === "coffee.png") {
    const outline: ResultEntry = { task: "outline", type: "polygon", label: "cup", points: [[size.width * 0.2, size.height * 0.2], [size.width * 0.6, size.height * 0.25], [size.width * 0.4, size.height * 0.7]] };
    return [quality, box("cup", 0.25, 0.3), outline];
  }
  return file === "chelsea.png" ? [quality, box("face", 0.4, 0.2)] : [quality];
}

function audioAnswer(file: string, seconds: number): ResultEntry[] {
  const end = Math.min(1.5, seconds - 0.1);
  return [
    { task: "speech", type: "segment", label: "speech", start: 0.1, end, transcript: `words of ${file.replace(".wav", "")}` },
    { task: "scene", type: "classification", values: [file === "clip1.wav" || file === "clip2.wav" ? "indoor" : "outdoor"] },
  ];
}

describeEachDatabase("round trip through the API", (context) => {
  let admin: ApiCall;
  let labelers: { email: string; call: ApiCall }[];
  let imageProject: string;
  let audioProject: string;
  const items = new Map<string, ItemView>(); // by original name

  const exported = async (projectId: string, query: string) => {
    const response = await admin(exportRoute, { projectId }, `/projects/${projectId}/export?${query}`);
    expect(response.status, await response.clone().text().then((text) => text.slice(0, 300))).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  };

  /** Creates a project, imports the fixtures with a manifest, and has every labeler label every item. */
  async function labeledProject(name: string, mediaKind: "image" | "audio", tasks: unknown[], files: string[], answer: (file: string, labeler: number, item: ItemView) => ResultEntry[]) {
    const project = await expectJson<{ id: string }>(await admin(createProjectRoute, {}, "/projects", { method: "POST", body: JSON.stringify({ name, mediaKind, overlap: 3, maxOverlap: 3, tasks, guidelines: "# How to label\nBe precise." }) }), 201);
    const manifest = ["file,note", ...files.map((file, index) => `${file},"${FORMULAS[index]}"`)].join("\n");
    const imported = await expectJson<ImportView>(
      await admin(importRoute, { projectId: project.id }, `/projects/${project.id}/imports`, upload(files.map((file) => ({ name: file, bytes: readFileSync(fixturePath(`${mediaKind === "image" ? "images" : "audio"}/${file}`)) })), { manifest: { name: "manifest.csv", text: manifest } })),
      201,
    );
    expect(imported.created.map((item) => item.name).sort()).toEqual([...files].sort());
    for (const { id } of imported.created) {
      const item = await expectJson<ItemView>(await admin(getItem, { itemId: id }, `/items/${id}`), 200);
      items.set(item.originalName, item);
    }
    for (const [index, labeler] of labelers.entries()) {
      await expectJson(await admin(addMemberRoute, { projectId: project.id }, `/projects/${project.id}/members`, { method: "POST", body: JSON.stringify({ email: labeler.email, role: "labeler" }) }), 201);
      await expectJson(await labeler.call(acknowledge, { projectId: project.id }, `/projects/${project.id}/guidelines/acknowledge`, { method: "POST", body: JSON.stringify({ version: 1 }) }), 200);
      for (;;) {
        const response = await labeler.call(next, { projectId: project.id }, `/projects/${project.id}/next`, { method: "POST" });
        if (response.status === 204) break;
        const lease = await expectJson<{ assignment: { id: string }; item: { originalName: string } }>(response, 200);
        const item = items.get(lease.item.originalName)!;
        const result = answer(item.originalName, index, item);
        await leaseTakenAgo(context().client, lease.assignment.id, 60_000);
        await expectJson(await labeler.call(submit, { assignmentId: lease.assignment.id }, `/assignments/${lease.assignment.id}/submit`, { method: "POST", body: JSON.stringify({ result, activeMs: 2000 + index }) }), 201);
      }
    }
    return project.id;
  }

  const refreshed = async (name: string) => {
    const item = await expectJson<ItemView>(await admin(getItem, { itemId: items.get(name)!.id }, `/items/${items.get(name)!.id}`), 200);
    items.set(name, item);
    return item;
  };

  it("imports fixtures, labels them with three labelers by token and resolves the dispute", async () => {
    const adminUser = await createUser({ email: "admin@round.test", name: "Ada", password: "password 123", isAdmin: true });
    admin = apiClient((await createApiToken({ user: adminUser, via: "session" }, { name: "round trip" })).token);
    labelers = [];
    for (const name of ["lea", "max", "noa"]) {
      const user = await createUser({ email: `${name}@round.test`, name, password: "password 123" });
      labelers.push({ email: user.email, call: apiClient((await createApiToken({ user, via: "session" }, { name: "labeling" })).token) });
    }
    imageProject = await labeledProject("Round trip images", "image", IMAGE_TASKS, IMAGES, (file, labeler, item) => imageAnswer(file, labeler, { width: item.width!, height: item.height! }));
    audioProject = await labeledProject("Round trip audio", "audio", AUDIO_TASKS, CLIPS, (file, _labeler, item) => audioAnswer(file, item.durationMs! / 1000));

    // Three boxes far apart on rocket.jpg: flagged for review; the reviewer keeps the first labeler's box.
    const queue = await expectJson<{ items: { itemId: string; originalName: string }[] }>(await admin(reviewQueue, { projectId: imageProject }, `/projects/${imageProject}/review-queue`), 200);
    expect(queue.items.map((item) => item.originalName)).toContain("rocket.jpg");
    const rocket = items.get("rocket.jpg")!;
    const gold = imageAnswer("rocket.jpg", 0, { width: rocket.width!, height: rocket.height! });
    await expectJson(await admin(decide, { itemId: rocket.id }, `/items/${rocket.id}/decision`, { method: "POST", body: JSON.stringify({ action: "edit", result: gold, reason: "the rocket's nose cone, as the guidelines say", category: "labeling-error" }) }), 201);
    expect((await refreshed("rocket.jpg")).review).toMatchObject({ state: "resolved", gold });
    for (const name of [...IMAGES, ...CLIPS]) await refreshed(name);
  });

  /** The stored final label's boxes and polygons of an item. */
  const shapesOf = (item: ItemView) => (item.review.gold ?? []).flatMap((entry) => (entry.type === "bbox" || entry.type === "polygon" ? [entry] : []));
  const near = (values: number[], digits = 6) => values.map((value) => expect.closeTo(value, digits));

  it("issue 21: exports COCO per split and whole, read by pycocotools and Detectron2 (ported): boxes and polygons as stored with their masks, one category per class name, the images at their original names", async () => {
    const folder = extractedWithPython(await exported(imageProject, "format=coco&split=50,25,25"));
    type CocoRead = { categories: string[]; droppedInstances: number; mmdetectionDropped: number; images: { id: number; fileName: string; imageExists: boolean; concordId: string; masks: boolean; annotations: { category: string; bbox: number[]; segmentation: number[][] }[] }[] };
    const all = await readExport<CocoRead>("coco", folder, "annotations/instances_all.json", "images");
    // The box task's and the polygon task's "cup" are one category, and the manifest says so.
    expect(all.categories).toEqual(["cup", "face"]);
    expect((JSON.parse(readFileSync(path.join(folder, "manifest.json"), "utf8")) as { notes: string[] }).notes).toContainEqual(expect.stringContaining('"cup" is a class of the tasks objects and outline'));
    // Neither Detectron2 nor MMDetection leaves any of them out of training.
    expect([all.droppedInstances, all.mmdetectionDropped]).toEqual([0, 0]);
    expect(all.images.map((image) => image.concordId).sort()).toEqual(IMAGES.map((name) => items.get(name)!.id).sort());
    for (const name of IMAGES) {
      const item = items.get(name)!;
      const image = all.images.find((candidate) => candidate.concordId === item.id)!;
      expect(image.fileName).toBe(name);
      expect(readFileSync(path.join(folder, "images", name)).equals(readFileSync(fixturePath(`images/${name}`)))).toBe(true);
      const shapes = shapesOf(item);
      expect(image.annotations).toHaveLength(shapes.length);
      // Detectron2 reads an image's masks only when its first annotation has one: every box has its corners.
      expect(image.masks).toBe(shapes.length > 0);
      for (const shape of shapes) {
        const corners = shape.type === "bbox" ? [shape.x, shape.y, shape.x + shape.width, shape.y, shape.x + shape.width, shape.y + shape.height, shape.x, shape.y + shape.height] : shape.points.flat();
        expect(image.annotations.map((annotation) => [annotation.category, annotation.segmentation])).toContainEqual([shape.label, [near(corners)]]);
      }
    }
    // The split files hold each image once, under the whole set's ids.
    const splits = await Promise.all(["train", "val", "test"].map((split) => readExport<CocoRead>("coco", folder, `annotations/instances_${split}.json`, "images")));
    const splitImages = splits.flatMap((split) => split.images);
    expect(splitImages.map((image) => image.id).sort()).toEqual(all.images.map((image) => image.id).sort());
    for (const image of splitImages) expect(image).toEqual(all.images.find((candidate) => candidate.id === image.id));
  });

  it("issue 21: exports Pascal VOC that torchvision's, MMDetection's and Detectron2's loaders read (ported): every image's boxes and polygons' bounds within half a pixel, the images as they are", async () => {
    // Two images each for train and val: Detectron2's loader cannot read an image set of one line (numpy's loadtxt gives a 0-d array).
    const folder = extractedWithPython(await exported(imageProject, "format=voc&split=50,50,0"));
    type VocRead = Record<string, { id: string; originalName: string; concordId: string; width: number; height: number; objects: { name: string; bbox: number[]; difficult: number }[] }[]>;
    const sets = await readExport<VocRead>("voc", folder);
    expect(Object.keys(sets).sort()).toEqual(["train", "trainval", "val"]);
    expect(sets.trainval!.map((image) => image.originalName).sort()).toEqual([...IMAGES].sort());
    for (const image of sets.trainval!) {
      const item = items.get(image.originalName)!;
      expect([image.concordId, image.width, image.height]).toEqual([item.id, item.width, item.height]);
      expect(readFileSync(path.join(folder, "VOCdevkit/VOC2007/JPEGImages", `${image.id}.jpg`)).equals(readFileSync(fixturePath(`images/${image.originalName}`)))).toBe(true);
      const bounds = shapesOf(item).map((shape) => {
        const [xs, ys] = shape.type === "bbox" ? [[shape.x, shape.x + shape.width], [shape.y, shape.y + shape.height]] : [shape.points.map(([x]) => x), shape.points.map(([, y]) => y)];
        return [shape.label, [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]] as const;
      });
      expect(image.objects).toHaveLength(bounds.length);
      for (const [label, box] of bounds) {
        expect(image.objects.map((object) => [object.name, object.bbox, object.difficult])).toContainEqual([label, box.map((value) => expect.toSatisfy((read: number) => Math.abs(read - value) <= 0.5)), 0]);
      }
    }
  });

  it("issue 21: exports CVAT for images 1.1 that CVAT's importer and Datumaro read (ported): every image's classes as tags, boxes and polygons as stored", async () => {
    const folder = extractedWithPython(await exported(imageProject, "format=cvat"));
    type CvatRead = { labels: Record<string, string[]>; items: { name: string; imageExists: boolean; size: number[]; annotations: { type: string; label: string; bbox?: number[]; points?: number[]; attributes: { uncertain: boolean } }[] }[] };
    const read = await readExport<CvatRead>("cvat", folder);
    expect(Object.keys(read.labels)).toEqual(["sharp", "blurry", "cup", "face"]);
    expect(read.items.map((image) => image.name).sort()).toEqual([...IMAGES].sort());
    for (const image of read.items) {
      const item = items.get(image.name)!;
      expect([image.imageExists, image.size]).toEqual([true, [item.height, item.width]]);
      expect(readFileSync(path.join(folder, "images", image.name)).equals(readFileSync(fixturePath(`images/${image.name}`)))).toBe(true);
      const gold = item.review.gold ?? [];
      const expected = gold.flatMap((entry): [string, string, unknown][] => {
        if (entry.type === "classification") return entry.values.map((value) => ["tag", value, null]);
        if (entry.type === "bbox") return [["box", entry.label, near([entry.x, entry.y, entry.width, entry.height], 1)]];
        if (entry.type === "polygon") return [["polygon", entry.label, near(entry.points.flat(), 1)]];
        return [];
      });
      expect(image.annotations.map((annotation) => [annotation.type, annotation.label, annotation.bbox ?? annotation.points ?? null])).toEqual(expected);
      expect(image.annotations.every((annotation) => annotation.attributes.uncertain === false)).toBe(true);
    }
  });

  it("exports YOLO labels normalized by the image size (polygons as bounds, or as segments on request), with the images and data.yaml", async () => {
    const yoloZip = await exported(imageProject, "format=yolo");
    const asBoxes = await unzipBytes(yoloZip);
    // Issue 21: Ultralytics' dataset checks (ported) find every image's labels by its name; without a dev part val is null, never the training images.
    const checked = await readExport<{ data: Record<string, unknown>; splits: { train: Record<string, { labels: number[][] }> } }>("yolo", extractedWithPython(yoloZip));
    expect(checked.data).toMatchObject({ train: "images/all", val: null, nc: 3 });
    expect(Object.keys(checked.splits.train).sort()).toEqual(IMAGES.map((name) => `images/all/${name}`).sort());
    const asSegments = await unzipBytes(await exported(imageProject, "format=yolo&polygons=segments"));
    // names: class index → name, in index order.
    const names = [...asBoxes.get("data.yaml")!.toString().matchAll(/^ {2}(\d+): (".*")$/gm)];
    expect(names.map(([, index]) => Number(index))).toEqual(names.map((_, position) => position));
    const classes = names.map(([, , name]) => JSON.parse(name!) as string);
    // A class two shape tasks share is named with its task.
    expect(classes).toEqual(["objects/cup", "face", "outline/cup"]);
    const classOf = (entry: { task: string; label: string }) => (classes.includes(entry.label) ? classes.indexOf(entry.label) : classes.indexOf(`${entry.task}/${entry.label}`));
    const labelLines = (zip: Map<string, Buffer>, item: ItemView) =>
      zip.get(`labels/all/${path.parse(item.originalName).name}.txt`)!.toString().trim().split("\n").filter(Boolean).map((line) => line.split(" ").map(Number));
    for (const name of IMAGES) {
      const item = items.get(name)!;
      const [width, height] = [item.width!, item.height!];
      expect(asBoxes.get(`images/all/${name}`)!.equals(readFileSync(fixturePath(`images/${name}`)))).toBe(true);
      const shapes = (item.review.gold ?? []).flatMap((entry) => (entry.type === "bbox" || entry.type === "polygon" ? [entry] : []));
      const boxes = labelLines(asBoxes, item);
      const segments = labelLines(asSegments, item);
      expect([boxes.length, segments.length]).toEqual([shapes.length, shapes.length]);
      for (const shape of shapes) {
        const corners: [number, number][] = shape.type === "bbox" ? [[shape.x, shape.y], [shape.x + shape.width, shape.y], [shape.x + shape.width, shape.y + shape.height], [shape.x, shape.y + shape.height]] : shape.points;
        const [xs, ys] = [corners.map(([x]) => x), corners.map(([, y]) => y)];
        const [left, top, right, bottom] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
        expect(boxes).toContainEqual(near([classOf(shape), (left + right) / 2 / width, (top + bottom) / 2 / height, (right - left) / width, (bottom - top) / height], 5));
        if (shape.type === "polygon") expect(segments).toContainEqual(near([classOf(shape), ...corners.flatMap(([x, y]) => [x / width, y / height])], 5));
      }
    }
  });

  it("issue 21: gives the manifest the sha256 that README.md's command computes from the unzipped export with standard tools", async () => {
    // The command as README.md prints it, so that what the README tells people is what is tested.
    const command = readFileSync(path.join(process.cwd(), "README.md"), "utf8").match(/^find \. -type f .*sha256sum$/m)?.[0];
    expect(command).toBeDefined();
    for (const [projectId, query] of [[imageProject, "format=coco&split=50,25,25"], [audioProject, "format=label-studio&labels=all"]] as const) {
      const folder = extractedWithPython(await exported(projectId, query));
      const computed = execFileSync("bash", ["-c", command!], { cwd: folder }).toString().split(" ")[0];
      expect(computed).toBe((JSON.parse(readFileSync(path.join(folder, "manifest.json"), "utf8")) as { sha256: string }).sha256);
    }
  });

  it("issue 21: JSONL and the CSV formats read with Python's json and csv modules as they read here", async () => {
    for (const [projectId, format, file] of [[imageProject, "jsonl", "items.jsonl"], [imageProject, "csv", "items.csv"], [audioProject, "segments-csv", "segments.csv"]] as const) {
      const folder = extractedWithPython(await exported(projectId, `format=${format}`));
      const text = readFileSync(path.join(folder, file), "utf8");
      const read = await readExport<Record<string, unknown[]>>("python_json_csv", folder);
      const expected = format === "jsonl" ? text.trim().split("\n").map((line) => JSON.parse(line) as unknown) : (parseCsv(text, { columns: true }) as unknown[]);
      expect(expected.length).toBeGreaterThan(0);
      expect(read[format === "jsonl" ? "jsonl" : file]).toEqual(expected);
    }
  });

  it("exports CSV with one row per item whose formula-like cells are neutralized, numbers kept", async () => {
    const zip = await unzip(await exported(imageProject, "format=csv"));
    const rows = parseCsv(zip.get("items.csv")!, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(IMAGES.length);
    const noteColumn = Object.keys(rows[0]!).find((column) => column.includes("note"))!;
    for (const row of rows) {
      // Numbers Concord computes (agreement can be negative) are written as numbers; no text starts a formula.
      expect(Object.values(row).filter((cell) => /^[=+\-@]/.test(cell) && Number.isNaN(Number(cell)))).toEqual([]);
    }
    expect(rows.map((row) => row[noteColumn]).sort()).toEqual([...GUARDED].sort());
  });

  it("splits stratified by class, as the manifest counts (items per class, segments per label) and every line says", async () => {
    const zip = await unzip(await exported(audioProject, "format=jsonl&split=50,50&seed=5"));
    type Line = {
      split: string;
      final: ResultEntry[] | null;
      annotations: { labeler: { email: string }; startedAt: string; submittedAt: string; activeMs: number; guidelineVersion: number; client: { appVersion: string } }[];
      review: { agreement: Record<string, unknown> | null };
    };
    const lines = zip.get("items.jsonl")!.trim().split("\n").map((line) => JSON.parse(line) as Line);
    const manifest = JSON.parse(zip.get("manifest.json")!) as { counts: Record<string, Record<string, number>>; objects: Record<string, Record<string, number>> };
    const tally: Record<string, Record<string, number>> = {};
    const segments: Record<string, Record<string, number>> = {};
    for (const line of lines) {
      const scene = line.final?.find((entry) => entry.task === "scene");
      const label = scene?.type === "classification" ? scene.values[0]! : "(none)";
      tally[line.split] = { ...tally[line.split], [label]: (tally[line.split]?.[label] ?? 0) + 1 };
      for (const entry of line.final ?? []) if (entry.type === "segment") segments[line.split] = { ...segments[line.split], [entry.label]: (segments[line.split]?.[entry.label] ?? 0) + 1 };
      expect(line.annotations.map((annotation) => annotation.labeler.email).sort()).toEqual(labelers.map((labeler) => labeler.email));
      // Provenance: when, how long, under which guidelines, from which client; and the item's agreement figures.
      for (const annotation of line.annotations) {
        expect(Date.parse(annotation.startedAt)).toBeLessThanOrEqual(Date.parse(annotation.submittedAt));
        expect(annotation).toMatchObject({ activeMs: 2000 + labelers.findIndex((labeler) => labeler.email === annotation.labeler.email), guidelineVersion: 1, client: { appVersion: expect.any(String) } });
      }
      expect(Object.keys(line.review.agreement ?? {}).sort()).toEqual(AUDIO_TASKS.map((task) => task.key).sort());
    }
    expect(manifest.counts).toEqual(tally);
    expect(Object.values(segments).length).toBeGreaterThan(0);
    expect(manifest.objects).toEqual(segments);
    // Each class is divided between train and test as evenly as 50/50 allows.
    const classes = new Set(Object.values(tally).flatMap((counts) => Object.keys(counts)));
    for (const label of classes) expect(Math.abs((tally.train?.[label] ?? 0) - (tally.test?.[label] ?? 0))).toBeLessThanOrEqual(1);
  });

  it("exports ASR manifests whose durations match the audio, and segment CSV", async () => {
    type NemoItem = { audio_file: string; offset: number; duration: number; text: string };
    const asrZip = await exported(audioProject, "format=asr-manifest");
    // Issue 21: read by the port of NeMo's manifest reader, each clip found relative to the manifest under its original name, byte for byte.
    const clips = (await readExport<Record<string, NemoItem[]>>("nemo_manifest", extractedWithPython(asrZip), "all_manifest.json"))["all_manifest.json"]!;
    const zipped = await unzipBytes(asrZip);
    expect(clips).toHaveLength(CLIPS.length);
    for (const name of CLIPS) {
      expect(zipped.get(`audio/${name}`)!.equals(readFileSync(fixturePath(`audio/${name}`)))).toBe(true);
      const line = clips.find((clip) => clip.audio_file === `audio/${name}`)!;
      const audio = await decodeAudio(readFileSync(fixturePath(`audio/${name}`)));
      expect(line.duration).toBeCloseTo(audio.channelData[0]!.length / audio.sampleRate, 2);
      expect(line).toMatchObject({ offset: 0, text: `words of ${name.replace(".wav", "")}` });
    }
    const segments = (await unzip(await exported(audioProject, "format=asr-manifest&per=segment"))).get("all_manifest.json")!.trim().split("\n").map((line) => JSON.parse(line) as { offset: number; duration: number });
    const rows = parseCsv((await unzip(await exported(audioProject, "format=segments-csv"))).get("segments.csv")!, { columns: true }) as Record<string, string>[];
    expect(segments).toHaveLength(CLIPS.length);
    expect(rows).toHaveLength(CLIPS.length);
    for (const name of CLIPS) {
      const gold = items.get(name)!.review.gold!.find((entry) => entry.type === "segment")!;
      expect(segments).toContainEqual({ audio_filepath: `audio/${name}`, offset: gold.start, duration: expect.closeTo(gold.end - gold.start, 3), text: gold.transcript, split: null });
    }
  });

  it("records each item's split in the ASR manifests (one per split), segments CSV and Label Studio tasks, as in JSONL", async () => {
    const split = "split=50,50&seed=5";
    const jsonl = (await unzip(await exported(audioProject, `format=jsonl&${split}`))).get("items.jsonl")!.trim().split("\n").map((line) => JSON.parse(line) as { id: string; sha256: string; originalName: string; split: string });
    const splitOf = new Map(jsonl.map((line) => [`media/${line.sha256}.wav`, line.split]));
    const splitByName = new Map(jsonl.map((line) => [`audio/${line.originalName}`, line.split]));
    const splitOfItem = new Map(jsonl.map((line) => [line.id, line.split]));
    expect(new Set(splitOf.values())).toEqual(new Set(["train", "test"]));
    for (const per of ["clip", "segment"]) {
      const zip = await unzip(await exported(audioProject, `format=asr-manifest&per=${per}&${split}`));
      // Issue 21: NeMo manifests one per split, each holding that split's clips.
      expect([...zip.keys()].filter((name) => name.endsWith("_manifest.json")).sort()).toEqual(["test_manifest.json", "train_manifest.json"]);
      for (const part of ["train", "test"]) {
        const lines = zip.get(`${part}_manifest.json`)!.trim().split("\n").map((line) => JSON.parse(line) as { audio_filepath: string; split: string });
        expect(lines.map((line) => [line.split, splitByName.get(line.audio_filepath)])).toEqual(lines.map(() => [part, part]));
      }
    }
    const rows = parseCsv((await unzip(await exported(audioProject, `format=segments-csv&${split}`))).get("segments.csv")!, { columns: true }) as { file: string; split: string }[];
    expect(rows.map((row) => row.split)).toEqual(rows.map((row) => splitOf.get(row.file)));
    const tasks = JSON.parse((await unzip(await exported(audioProject, `format=label-studio&${split}`))).get("tasks.json")!) as { data: { concord_id: string; concord_split: string } }[];
    expect(tasks.map((task) => task.data.concord_split)).toEqual(tasks.map((task) => splitOfItem.get(task.data.concord_id)));
  });

  it("issue 21: exports RTTM, Praat TextGrids and Hugging Face folders that pyannote/NeMo, the textgrid package and datasets read (ported) as the gold labels", async () => {
    const near = (value: number) => expect.closeTo(value, 4);
    const goldSegment = (name: string) => items.get(name)!.review.gold!.find((entry) => entry.type === "segment")!;

    const rttm = await readExport<Record<string, { uris: string[]; turns: Record<string, [number, number, string][]> }>>("rttm", extractedWithPython(await exported(audioProject, "format=rttm")));
    expect(rttm.all!.uris.sort()).toEqual(CLIPS.map((name) => name.replace(".wav", "")).sort());
    for (const name of CLIPS) expect(rttm.all!.turns[name.replace(".wav", "")]).toEqual([[near(goldSegment(name).start), near(goldSegment(name).end), "speech"]]);

    type Tier = { name: string; intervals: [number, number, string][] };
    const grids = await readExport<Record<string, { xmax: number; tiers: Tier[]; audio: string[] }>>("textgrid", extractedWithPython(await exported(audioProject, "format=textgrid")));
    expect(Object.keys(grids).sort()).toEqual(CLIPS.map((name) => `all/${name.replace(".wav", ".TextGrid")}`).sort());
    for (const name of CLIPS) {
      const grid = grids[`all/${name.replace(".wav", ".TextGrid")}`]!;
      const gold = goldSegment(name);
      expect(grid.audio).toEqual([name]);
      expect(grid.tiers.map((tier) => tier.name)).toEqual(["speech", "speech/transcript"]);
      expect(grid.tiers[0]!.intervals).toContainEqual([near(gold.start), near(gold.end), "speech"]);
      expect(grid.tiers[1]!.intervals).toContainEqual([near(gold.start), near(gold.end), gold.transcript]);
    }

    const hfZip = await exported(audioProject, "format=hf&split=50,50&seed=5");
    const audioFolder = await readExport<Record<string, Record<string, unknown>[]>>("hf", "audiofolder", extractedWithPython(hfZip));
    expect(Object.keys(audioFolder).sort()).toEqual(["test", "train"]);
    const clips = Object.entries(audioFolder).flatMap(([part, examples]) => examples.map((example) => ({ ...example, part }) as Record<string, unknown>));
    expect(clips.map((clip) => clip.audio).sort()).toEqual(clips.map((clip) => `${clip.part}/${clip.original_name as string}`).sort());
    for (const name of CLIPS) {
      const clip = clips.find((candidate) => candidate.original_name === name)!;
      const gold = goldSegment(name);
      expect(clip).toMatchObject({ transcription: gold.transcript, scene: name === "clip1.wav" || name === "clip2.wav" ? "indoor" : "outdoor" });
      expect(clip.segments).toEqual({ start: [near(gold.start)], end: [near(gold.end)], label: ["speech"], task: ["speech"], transcript: [gold.transcript] });
    }

    const imageFolder = await readExport<Record<string, Record<string, unknown>[]>>("hf", "imagefolder", extractedWithPython(await exported(imageProject, "format=hf")));
    expect(Object.keys(imageFolder)).toEqual(["train"]);
    for (const name of IMAGES) {
      const example = imageFolder.train!.find((candidate) => candidate.image === `train/${name}`)!;
      const gold = items.get(name)!.review.gold!;
      const boxes = gold.filter((entry): entry is Box => entry.type === "bbox");
      const objects = example.objects as { bbox: number[][]; category: string[] };
      expect(example.quality).toBe(name === "astronaut.png" ? "blurry" : "sharp");
      expect(objects.bbox).toHaveLength(gold.filter((entry) => entry.type === "bbox" || entry.type === "polygon").length);
      for (const box of boxes) expect(objects.bbox).toContainEqual([box.x, box.y, box.width, box.height].map(near));
    }
  });

  it("keeps the gold label in JSONL whichever label it exports", async () => {
    const rocket = items.get("rocket.jpg")!;
    type Line = { id: string; final: ResultEntry[] | null; review: { consensus: { result: ResultEntry[] }; decision: { reviewer: { email: string }; result: ResultEntry[] } } };
    const lines = (await unzip(await exported(imageProject, "format=jsonl&labels=consensus"))).get("items.jsonl")!.trim().split("\n").map((line) => JSON.parse(line) as Line);
    const line = lines.find((candidate) => candidate.id === rocket.id)!;
    expect(line.final).toEqual(line.review.consensus.result);
    expect(line.review.decision).toMatchObject({ reviewer: { name: "Ada", email: "admin@round.test" }, result: rocket.review.gold });
  });

  /** A new project of these tasks with a Label Studio export of another imported (its annotators confirmed as labelers): its media, then tasks.json. */
  async function reimported(zip: Map<string, Buffer>, mediaKind: string, tasks: readonly unknown[]) {
    const copy = await expectJson<{ id: string }>(await admin(createProjectRoute, {}, "/projects", { method: "POST", body: JSON.stringify({ name: `Copy ${randomUUID()}`, mediaKind, overlap: 3, tasks }) }), 201);
    const media = [...zip].filter(([entry]) => entry.startsWith("media/")).map(([entry, bytes]) => ({ name: path.basename(entry), bytes }));
    const imported = await expectJson<ImportView>(await admin(importRoute, { projectId: copy.id }, `/projects/${copy.id}/imports?confirmNewLabelers=1`, upload(media, { labelStudio: { name: "tasks.json", text: zip.get("tasks.json")!.toString() } })), 201);
    // The media come under their original names, and become items of those names.
    return { media, imported, copyOf: (original: ItemView) => imported.created.find((item) => item.name === original.originalName)! };
  }
  const annotationsOf = async (itemId: string) =>
    (await expectJson<{ annotations: { labeler: { email: string }; activeMs: number; submittedAt: string; result: ResultEntry[] }[] }>(await admin(getAnnotations, { itemId }, `/items/${itemId}/annotations`), 200)).annotations;

  it("re-imports its Label Studio export as the same labels by the same people, the same gold labels, names and metadata (issue 21)", async () => {
    for (const [projectId, tasks, mediaKind, names] of [
      [imageProject, IMAGE_TASKS, "image", IMAGES],
      [audioProject, AUDIO_TASKS, "audio", CLIPS],
    ] as const) {
      // A split on the way out is Concord's own note in each task's data, which the import passes over.
      const bytes = await exported(projectId, "format=label-studio&labels=all&split=50,50");
      const zip = await unzipBytes(bytes);
      const { media, imported, copyOf } = await reimported(zip, mediaKind, tasks);
      expect(media.map((file) => file.name).sort()).toEqual([...names].sort());
      // labels=all carries each resolved item's gold label as Label Studio's ground truth.
      const resolved = names.filter((name) => items.get(name)!.review.state === "resolved");
      if (mediaKind === "image") expect(resolved).toEqual(["rocket.jpg"]);
      // label-studio-converter loads the unzipped export as it is: every task's id, every control in label_config.xml.
      const read = await readExport<{ dataKeys: string[]; unmatchedControls: string[]; items: unknown[] }>("label_studio_converter", extractedWithPython(bytes));
      expect([read.dataKeys, read.unmatchedControls, read.items.length]).toEqual([[mediaKind], [], names.length * 3 + resolved.length]);
      expect(imported.labelStudio).toEqual({ annotations: names.length * 3, goldLabels: resolved.length, skips: 0, newLabelers: labelers.map((labeler) => labeler.email), invited: [], unmappedAnnotators: [], predictions: [], problems: [] });
      for (const name of names) {
        const original = items.get(name)!;
        const copied = copyOf(original);
        const copy = await expectJson<ItemView>(await admin(getItem, { itemId: copied.id }, `/items/${copied.id}`), 200);
        expect([copy.originalName, copy.metadata]).toEqual([original.originalName, original.metadata]);
        if (resolved.includes(name)) expect(roundNumbers(copy.review.gold)).toEqual(roundNumbers(original.review.gold));
        const labelsOf = async (itemId: string) =>
          (await annotationsOf(itemId))
            .map((annotation) => ({
              email: annotation.labeler.email,
              // When and for how long: Label Studio's created_at and lead_time carry them there and back.
              activeMs: annotation.activeMs,
              submittedAt: annotation.submittedAt,
              result: roundNumbers(annotation.result).map((entry) => JSON.stringify(entry)).sort(),
            }))
            .sort((a, b) => a.email.localeCompare(b.email));
        expect(await labelsOf(copied.id)).toEqual(await labelsOf(original.id));
      }
    }
  });

  it("exports the gold labels to Label Studio as ground truth, and they come back as gold labels (issue 21)", async () => {
    const { imported, copyOf } = await reimported(await unzipBytes(await exported(imageProject, "format=label-studio&labels=gold")), "image", IMAGE_TASKS);
    // Only rocket.jpg was decided: its gold label, resolving the copy by the importing administrator, and no annotation.
    expect(imported.labelStudio).toEqual({ annotations: 0, goldLabels: 1, skips: 0, newLabelers: [], invited: [], unmappedAnnotators: [], predictions: [], problems: [] });
    const rocket = items.get("rocket.jpg")!;
    const copy = copyOf(rocket).id;
    expect(await annotationsOf(copy)).toEqual([]);
    const review = await expectJson<ItemView>(await admin(getItem, { itemId: copy }, `/items/${copy}`), 200);
    expect([review.review.state, roundNumbers(review.review.gold)]).toEqual(["resolved", roundNumbers(rocket.review.gold)]);
    expect(review.review.decisions[0]!.reason).toMatch(/^Gold label imported from Label Studio/);
    for (const name of IMAGES.filter((image) => image !== "rocket.jpg")) expect(await annotationsOf(copyOf(items.get(name)!).id)).toEqual([]);
  });
});

/** Label Studio keeps shapes in percent of the image: back in pixels they match to well under a pixel. */
function roundNumbers<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, field: unknown) => (typeof field === "number" ? Math.round(field * 1000) / 1000 : field))) as T;
}
