import { describe, expect, it } from "vitest";
import type { ResultEntry } from "../validation/annotation";
import { newProjectSchema } from "../validation/project";
import {
  asrManifestLines,
  cocoAnnotations,
  cocoCategories,
  cocoCategoryIdOf,
  cocoImage,
  csvHeader,
  csvLine,
  csvRow,
  jsonlLine,
  labelStudioTask,
  LEFT_OUT_NO_LABEL,
  objectClassesOf,
  parseLabelStudioExport,
  segmentsCsvRows,
  shapeClasses,
  shapeClassIndexOf,
  trainingLeftOutReason,
  yoloDataYaml,
  toJsonText,
  yoloLines,
  yoloSplitFolders,
  type ExportAnnotation,
  type ExportDecision,
  type ExportItem,
  type ExportRevision,
  type JsonText,
} from "./formats";

const imageTasks = newProjectSchema.parse({
  name: "p",
  mediaKind: "image",
  tasks: [
    { key: "defect", type: "classification", classes: ["ok", "scratch", "dent"], uncertainClass: "borderline", multiple: true },
    { key: "boxes", type: "bbox", classes: ["scratch", "dent"] },
    { key: "outline", type: "polygon", classes: ["scratch"] },
  ],
}).tasks;
const audioTasks = newProjectSchema.parse({
  name: "a",
  mediaKind: "audio",
  tasks: [
    { key: "speech", type: "segment", classes: ["speech"], transcript: true },
    { key: "noise", type: "segment", classes: ["noise"] },
    { key: "text", type: "transcript" },
  ],
}).tasks;

const annotation = (labeler: string, result: ResultEntry[]): ExportItem["annotations"][number] => ({
  id: `a-${labeler}`,
  labeler: { id: labeler, name: `Name ${labeler}`, email: `${labeler}@example.com` },
  revision: 1,
  startedAt: "2025-01-02T03:03:50.000Z",
  submittedAt: "2025-01-02T03:04:05.000Z",
  activeMs: 12_500,
  guidelineVersion: 2,
  guidelinesUnclear: false,
  note: null,
  client: toJsonText({ userAgent: "Mozilla/5.0", appVersion: "0.7.0" }),
  result: toJsonText(result),
  earlierRevisions: [],
});

function imageItem(final: ResultEntry[] | null, overrides: Partial<ExportItem> = {}): ExportItem {
  return {
    id: "item1",
    originalName: "photo.png",
    mediaPath: "media/abc.png",
    mimeType: "image/png",
    sha256: "abc",
    width: 400,
    height: 200,
    durationSeconds: null,
    metadata: {},
    importBatchId: "batch1",
    source: "camera 3",
    annotations: final ? [annotation("u1", final), annotation("u2", final)] : [],
    labelerCount: final ? 2 : 0,
    skips: [],
    review: { state: "accepted", reasons: [], agreementScore: 0.75, agreement: null, consensus: null, decisions: [], revisionRequests: [] },
    final,
    split: "train",
    ...overrides,
  };
}

const audioItem = (final: ResultEntry[] | null, overrides: Partial<ExportItem> = {}): ExportItem =>
  imageItem(final, { originalName: "clip.wav", mediaPath: "media/def.wav", mimeType: "audio/wav", width: null, height: null, durationSeconds: 4, ...overrides });

const box = (x: number, y: number, width: number, height: number, label = "scratch"): ResultEntry => ({ task: "boxes", type: "bbox", label, x, y, width, height });
const polygon = (points: [number, number][], label = "scratch"): ResultEntry => ({ task: "outline", type: "polygon", label, points });
const segment = (start: number, end: number, transcript?: string, task = "speech"): ResultEntry => ({
  task,
  type: "segment",
  label: task,
  start,
  end,
  ...(transcript === undefined ? {} : { transcript }),
});

const reviewer = { id: "r1", name: "Rita Reviewer", email: "rita@example.com" };
const decisionOf = (action: string, result: ResultEntry[] | null, at = "2025-01-03T00:00:00.000Z"): ExportDecision => ({
  id: `d-${at}`,
  action,
  reason: "box too wide",
  category: "labeling-error",
  reviewer,
  at,
  result,
  annotationId: null,
  sessionId: null,
  guidelineVersion: 2,
});

/** A line as JSON.parse reads it back: the annotations' stored JSON parsed, and the decision in force beside every decision. */
function readBack(item: ExportItem) {
  const parsed = <Revision extends ExportRevision>(revision: Revision) => ({ ...revision, client: revision.client && (JSON.parse(revision.client) as unknown), result: JSON.parse(revision.result) as unknown });
  const annotations = item.annotations.map((annotation) => ({ ...parsed(annotation), earlierRevisions: annotation.earlierRevisions.map(parsed) }));
  return { ...item, annotations, review: { ...item.review, decision: item.review.decisions[0] ?? null } };
}

describe("jsonlLine", () => {
  it("writes one line that reads back as the whole item, with nothing else the object holds", () => {
    const item = imageItem([box(1, 2, 3, 4), { task: "defect", type: "classification", values: ["scratch"], uncertain: true }], {
      metadata: { site: "north", count: 3, ok: true, none: null },
      skips: [{ labeler: { id: "u3", name: "Name u3", email: "u3@example.com" }, reason: "too dark to tell", at: "2025-01-02T02:00:00.000Z", revisionLease: false }],
      review: {
        state: "resolved",
        reasons: [{ code: "low-agreement", task: "boxes", detail: "box agreement 0.40 is below 0.50" }, { code: "tie", detail: "a tie" }],
        agreementScore: 0.4,
        agreement: { boxes: { figure: "meanF1", value: 0.4 } },
        consensus: { method: "shape-clusters", confidence: 0.5, result: [box(1, 2, 3, 4)] },
        decisions: [
          { ...decisionOf("edit", [box(1, 2, 2, 4)], "2025-01-04T00:00:00.000Z"), sessionId: "s1" },
          { ...decisionOf("relabel", null), annotationId: null, reason: "ask u1 again" },
        ],
        revisionRequests: [
          { id: "rr1", labeler: { id: "u1", name: "Name u1", email: "u1@example.com" }, reason: "ask u1 again", status: "done", decisionId: "d-2025-01-03T00:00:00.000Z", requestedAt: "2025-01-03T00:00:00.000Z", closedAt: "2025-01-03T01:00:00.000Z" },
        ],
      },
    });
    const line = jsonlLine({ ...item, internalNote: "not for export" } as ExportItem);
    expect(line).not.toContain("\n");
    // The decision in force (its result is the gold label) is there whichever label the export chose as final.
    expect(JSON.parse(line)).toEqual(readBack(item));
    expect(Object.keys(JSON.parse(line) as object)).toEqual([
      "id", "originalName", "mediaPath", "mimeType", "sha256", "width", "height", "durationSeconds", "metadata", "importBatchId", "source",
      "annotations", "skips", "labelerCount", "review", "final", "split",
    ]);
    expect(Object.keys((JSON.parse(line) as { review: object }).review)).toEqual(["state", "reasons", "agreementScore", "agreement", "consensus", "decision", "decisions", "revisionRequests"]);
  });

  it("writes every submitted revision: each labeler's latest as their annotation, the ones it replaced inside it, newest first", () => {
    const revision = (number: number, values: string[]): ExportRevision => ({
      ...annotation("u1", [{ task: "defect", type: "classification", values }]),
      id: `a-u1-${number}`,
      revision: number,
      guidelinesUnclear: number === 1,
      note: number === 1 ? "is a hairline a scratch?" : null,
    });
    const latest: ExportAnnotation = { ...revision(3, ["dent"]), labeler: annotation("u1", []).labeler, earlierRevisions: [revision(2, ["scratch"]), revision(1, ["ok"])] };
    const line = JSON.parse(jsonlLine(imageItem(null, { annotations: [latest, annotation("u2", [])] }))) as ReturnType<typeof readBack>;
    expect(line.annotations.map((written) => [written.labeler.id, written.revision, written.earlierRevisions.map((earlier) => [earlier.revision, earlier.result, earlier.guidelinesUnclear, earlier.note])])).toEqual([
      ["u1", 3, [[2, [{ task: "defect", type: "classification", values: ["scratch"] }], false, null], [1, [{ task: "defect", type: "classification", values: ["ok"] }], true, "is a hairline a scratch?"]]],
      ["u2", 1, []],
    ]);
    expect(Object.keys(line.annotations[0]!.earlierRevisions[0]!)).toEqual(["id", "revision", "startedAt", "submittedAt", "activeMs", "guidelineVersion", "guidelinesUnclear", "note", "client", "result"]);
  });

  it("writes an annotation's stored JSON as it is, and a missing client as null", () => {
    const stored = '[{"task": "defect", "type": "classification", "values": ["ok"]}]' as JsonText; // as PostgreSQL's jsonb reads back
    const item = imageItem(null, { annotations: [{ ...annotation("u1", []), client: null, result: stored }] });
    const line = jsonlLine(item);
    expect(line).toContain(`"client":null,"result":${stored},"earlierRevisions":[]}`);
    expect((JSON.parse(line) as { annotations: unknown[] }).annotations).toEqual([{ ...annotation("u1", []), client: null, result: JSON.parse(stored) as unknown }]);
  });

  it("writes each annotation's fields in order, escaped as JSON", () => {
    const awkward = {
      ...annotation("u1", []),
      id: 'a "quoted" \\ id',
      labeler: { id: "u1", name: "Zoë \u2028 O'Brien\n", email: 'x"@example.com' },
      guidelineVersion: null,
      activeMs: Number.NaN,
      guidelinesUnclear: true,
      note: 'says "unclear"\n\u001f\u2028 twice',
    };
    const [written] = (JSON.parse(jsonlLine(imageItem(null, { annotations: [awkward] }))) as { annotations: Record<string, unknown>[] }).annotations;
    expect(Object.keys(written!)).toEqual(["id", "labeler", "revision", "startedAt", "submittedAt", "activeMs", "guidelineVersion", "guidelinesUnclear", "note", "client", "result", "earlierRevisions"]);
    expect(written).toEqual({ ...awkward, activeMs: null, client: JSON.parse(awkward.client!) as unknown, result: [] });
  });

  it("keeps a missing final label, consensus and decision as null, and no decisions, skips or revision requests as empty lists", () => {
    const parsed = JSON.parse(jsonlLine(imageItem(null))) as ReturnType<typeof readBack>;
    expect([parsed.final, parsed.review.consensus, parsed.review.decision]).toEqual([null, null, null]);
    expect([parsed.review.decisions, parsed.review.revisionRequests, parsed.skips]).toEqual([[], [], []]);
  });

  it("tells an empty final label (nothing to label) from none, and writes a decision without a result as null", () => {
    const decision = { ...decisionOf("exclude", null), reason: "blank frame", category: null };
    const parsed = JSON.parse(jsonlLine(imageItem([], { review: { ...imageItem([]).review, decisions: [decision] } }))) as ReturnType<typeof readBack>;
    expect([parsed.final, parsed.review.decision!.result, parsed.review.decisions[0]!.result]).toEqual([[], null, null]);
  });
});

describe("items CSV", () => {
  const metadataKeys = ["site", "depth"];

  it("has fixed columns, then columns per task, then meta.<key>", () => {
    expect(csvHeader(imageTasks, metadataKeys)).toEqual([
      "id", "file", "original_name", "sha256", "split", "review_state", "agreement_score", "labelers",
      "defect", "boxes.count", "outline.count", "meta.site", "meta.depth",
    ]);
    expect(csvHeader(audioTasks, [])).toEqual([
      "id", "file", "original_name", "sha256", "split", "review_state", "agreement_score", "labelers",
      "speech.count", "speech.transcript", "noise.count", "text",
    ]);
  });

  it("writes the final values joined by +, shape counts, distinct labelers and metadata", () => {
    const final: ResultEntry[] = [{ task: "defect", type: "classification", values: ["scratch", "dent"] }, box(0, 0, 10, 10), box(5, 5, 10, 10, "dent")];
    const item = imageItem(final, { metadata: { site: "north", depth: 2.5 } });
    item.annotations.push(annotation("u1", final)); // a second revision by u1 is still one labeler
    expect(csvRow(item, imageTasks, metadataKeys)).toEqual(["item1", "media/abc.png", "photo.png", "abc", "train", "accepted", "0.75", "2", "scratch+dent", "2", "0", "north", "2.5"]);
  });

  it("leaves label cells empty for an item without a final label, unlike a count of 0", () => {
    const row = csvRow(imageItem(null, { split: null, review: { state: "pending", reasons: [], agreementScore: null, agreement: null, consensus: null, decisions: [], revisionRequests: [] } }), imageTasks, []);
    expect(row.slice(4)).toEqual(["", "pending", "", "0", "", "", ""]);
  });

  it("writes counts of 0 for an empty final label (the labelers agreed there is nothing)", () => {
    expect(csvRow(imageItem([]), imageTasks, []).slice(8)).toEqual(["", "0", "0"]);
  });

  it("writes transcripts: a transcript task's text and a segment task's transcripts in time order", () => {
    const item = audioItem([segment(2, 3, "world"), segment(0.5, 1.5, "hello"), segment(1, 2, undefined, "noise"), { task: "text", type: "transcript", text: "hello world" }]);
    expect(csvRow(item, audioTasks, []).slice(8)).toEqual(["2", "hello world", "1", "hello world"]);
  });

  it.each(["=", "+", "-", "@", "\t", "\r", "\n", "\u0000", " =", "\u00a0=", "\u0000="])("prefixes a text cell starting with %j with a single quote (OWASP)", (start) => {
    const payload = `${start}HYPERLINK("http://evil.example")`;
    const row = csvRow(imageItem(null, { id: payload, metadata: { site: payload } }), imageTasks, ["site"]);
    expect(row[0]).toBe(`'${payload}`);
    expect(row.at(-1)).toBe(`'${payload}`);
  });

  it("prefixes class names and transcripts too, but leaves text that merely contains those characters", () => {
    const item = audioItem([{ task: "text", type: "transcript", text: "=1+2" }], { metadata: { note: "a=b, c-d" } });
    const row = csvRow(item, audioTasks, ["note"]);
    expect(row.slice(-2)).toEqual(["'=1+2", "a=b, c-d"]);
  });

  it("lets numbers through unprefixed, as numbers or as text (-3 stays a number either way)", () => {
    const row = csvRow(imageItem(null, { metadata: { depth: -3, label: "-3", flag: false, none: null } }), imageTasks, ["depth", "label", "flag", "none", "missing"]);
    expect(row.slice(-5)).toEqual(["-3", "-3", "false", "", ""]);
  });

  // A spreadsheet reads a plain number with its sign as that number; anything more after =, +, - or @ it runs.
  const NUMBERS = ["-5", "+3", "-0.5", "1e-3", "-.5", "-1e-3", "+2.5E+10", "-7."];
  const FORMULAS = ["=1+2", "-2+3", "+A1", "@SUM(A1)", "-cmd|' /C calc'!A0", "- 5", " -5", "-5 ", "-0x10", "-Infinity", "+1 day", "-", "--5", "-5%"];

  it("writes text that is a plain number as it is, and prefixes text a spreadsheet would run as a formula", () => {
    const cells = [...NUMBERS, ...FORMULAS];
    const metadata = Object.fromEntries(cells.map((cell, index) => [`m${index}`, cell]));
    const row = csvRow(imageItem(null, { metadata }), imageTasks, Object.keys(metadata));
    expect(row.slice(-cells.length)).toEqual([
      "-5", "+3", "-0.5", "1e-3", "-.5", "-1e-3", "+2.5E+10", "-7.",
      "'=1+2", "'-2+3", "'+A1", "'@SUM(A1)", "'-cmd|' /C calc'!A0", "'- 5", "' -5", "'-5 ", "'-0x10", "'-Infinity", "'+1 day", "'-", "'--5", "'-5%",
    ]);
  });

  it("writes every text cell as it is with the formula guard off (csvFormulaGuard=0), items and segments alike", () => {
    const cells = [...FORMULAS, "\tHYPERLINK(1)", "\u0000=1"];
    const metadata = Object.fromEntries(cells.map((cell, index) => [`m${index}`, cell]));
    const item = audioItem([{ task: "text", type: "transcript", text: "=1+2" }, { task: "speech", type: "segment", label: "-2+3", start: 0, end: 1, transcript: "@SUM(A1)" }], { id: "=id", metadata });
    const row = csvRow(item, audioTasks, Object.keys(metadata), { formulaGuard: false });
    expect([row[0], row.at(-cells.length - 1), ...row.slice(-cells.length)]).toEqual(["=id", "=1+2", ...cells]);
    expect(segmentsCsvRows(item, { formulaGuard: false })).toEqual([["media/def.wav", "train", "speech", "0", "1", "1", "-2+3", "@SUM(A1)", "false"]]);
    expect(segmentsCsvRows(item)).toEqual([["media/def.wav", "train", "speech", "0", "1", "1", "'-2+3", "'@SUM(A1)", "false"]]);
  });

  it("quotes as RFC 4180 asks: CRLF endings, fields with commas, quotes or line breaks in quotes, quotes doubled", () => {
    expect(csvLine(["a", "b,c", 'say "hi"', "two\nlines", "cr\rhere", "", "'=1,2"])).toBe('a,"b,c","say ""hi""","two\nlines","cr\rhere",,"\'=1,2"\r\n');
  });
});

describe("segmentsCsvRows", () => {
  it("writes one row per segment in time order, times in seconds without float noise", () => {
    const item = audioItem([segment(0.3, 0.7, "=cmd"), { ...segment(0.1, 0.3), uncertain: true }, segment(0.2, 0.4, undefined, "noise")]);
    expect(segmentsCsvRows(item)).toEqual([
      ["media/def.wav", "train", "speech", "0.1", "0.3", "0.2", "speech", "", "true"],
      ["media/def.wav", "train", "noise", "0.2", "0.4", "0.2", "noise", "", "false"],
      ["media/def.wav", "train", "speech", "0.3", "0.7", "0.4", "speech", "'=cmd", "false"],
    ]);
    expect(segmentsCsvRows(audioItem(null))).toEqual([]);
  });

  it("leaves the split cell empty without a split", () => {
    expect(segmentsCsvRows(audioItem([segment(0, 1)], { split: null }))[0]?.[1]).toBe("");
  });
});

describe("shape classes (COCO categories and YOLO classes)", () => {
  it("list box then polygon classes in project order, prefixing a class name two tasks share with the task key", () => {
    expect(shapeClasses(imageTasks).map((shapeClass) => shapeClass.name)).toEqual(["boxes/scratch", "dent", "outline/scratch"]);
    expect(cocoCategories(imageTasks)).toEqual([
      { id: 1, name: "boxes/scratch", supercategory: "boxes" },
      { id: 2, name: "dent", supercategory: "boxes" },
      { id: 3, name: "outline/scratch", supercategory: "outline" },
    ]);
    expect(cocoCategories(audioTasks)).toEqual([]);
  });

  it("number COCO categories from 1 and YOLO classes from 0; an unknown label has none", () => {
    const categoryIdOf = cocoCategoryIdOf(imageTasks);
    const classIndexOf = shapeClassIndexOf(imageTasks);
    expect([categoryIdOf("boxes", "dent"), categoryIdOf("outline", "scratch"), categoryIdOf("boxes", "crack"), categoryIdOf("defect", "ok")]).toEqual([2, 3, undefined, undefined]);
    expect([classIndexOf("boxes", "scratch"), classIndexOf("boxes", "dent"), classIndexOf("outline", "scratch")]).toEqual([0, 1, 2]);
  });

  it("leave out of COCO and YOLO an item without the label asked for, but keep one whose label has no shapes (a background image)", () => {
    expect(trainingLeftOutReason(null)).toBe(LEFT_OUT_NO_LABEL);
    expect(trainingLeftOutReason([])).toBeNull();
    expect(trainingLeftOutReason([{ task: "defect", type: "classification", values: ["ok"] }])).toBeNull();
    expect(trainingLeftOutReason([box(0, 0, 1, 1)])).toBeNull();
  });
});

describe("object classes (the manifest's object counts)", () => {
  it("name each box, polygon and segment of a label by its class as COCO and YOLO do, skipping classes the project no longer has", () => {
    const objectClasses = objectClassesOf(imageTasks)!;
    const label = [box(0, 0, 1, 1), box(0, 0, 1, 1, "dent"), box(0, 0, 1, 1, "crack"), polygon([[0, 0], [1, 0], [0, 1]]), { task: "defect", type: "classification", values: ["ok"] } as ResultEntry];
    expect(objectClasses(label)).toEqual(["boxes/scratch", "dent", "outline/scratch"]);
    expect(objectClassesOf(audioTasks)!([segment(0, 1), segment(1, 2), segment(0, 3, undefined, "noise")])).toEqual(["speech", "speech", "noise"]);
  });

  it("are nothing to count for a project without object tasks", () => {
    expect(objectClassesOf(imageTasks.filter((task) => task.type === "classification"))).toBeNull();
  });
});

describe("COCO", () => {
  const categoryIdOf = cocoCategoryIdOf(imageTasks);

  it("writes an image record for every image, shapes or not", () => {
    expect(cocoImage(imageItem(null), 7)).toEqual({ id: 7, file_name: "media/abc.png", width: 400, height: 200, concord_id: "item1" });
  });

  it("writes a box as bbox [x, y, w, h] with area w·h and an empty segmentation, numbered from the next annotation id", () => {
    const item = imageItem([{ ...box(10, 20, 30, 40), uncertain: true }, box(0.5, 1, 2, 3, "dent")]);
    expect(cocoAnnotations(item, 7, categoryIdOf, 100)).toEqual([
      { id: 100, image_id: 7, category_id: 1, segmentation: [], area: 1200, bbox: [10, 20, 30, 40], iscrowd: 0, attributes: { uncertain: true } },
      { id: 101, image_id: 7, category_id: 2, segmentation: [], area: 6, bbox: [0.5, 1, 2, 3], iscrowd: 0, attributes: { uncertain: false } },
    ]);
  });

  it("writes a polygon as a one-ring segmentation, its bounds as bbox and its shoelace area", () => {
    const triangle = polygon([[10, 10], [50, 10], [50, 40]]);
    // An L shape drawn clockwise: a 4×4 square without its 2×2 top-right corner, 12 px².
    const lShape = polygon([[0, 0], [2, 0], [2, 2], [4, 2], [4, 4], [0, 4]]);
    const [first, second] = cocoAnnotations(imageItem([triangle, lShape]), 1, categoryIdOf, 1);
    expect(first).toEqual({ id: 1, image_id: 1, category_id: 3, segmentation: [[10, 10, 50, 10, 50, 40]], area: 600, bbox: [10, 10, 40, 30], iscrowd: 0, attributes: { uncertain: false } });
    expect([second?.area, second?.bbox]).toEqual([12, [0, 0, 4, 4]]);
  });

  it("leaves out classifications and shapes of classes the project no longer has, and writes none without a final label", () => {
    const item = imageItem([{ task: "defect", type: "classification", values: ["ok"] }, box(0, 0, 1, 1, "crack"), box(0, 0, 1, 1, "dent")]);
    expect(cocoAnnotations(item, 1, categoryIdOf, 1).map((annotation) => annotation.category_id)).toEqual([2]);
    expect(cocoAnnotations(imageItem(null), 1, categoryIdOf, 1)).toEqual([]);
  });
});

describe("YOLO", () => {
  const classIndexOf = shapeClassIndexOf(imageTasks);

  it("writes a box as class cx cy w h, normalised by the image size with 6 decimals", () => {
    expect(yoloLines(imageItem([box(100, 50, 200, 100)]), classIndexOf, { polygons: "boxes" })).toBe("0 0.500000 0.500000 0.500000 0.500000\n");
    expect(yoloLines(imageItem([box(0, 0, 100, 30, "dent")]), classIndexOf, { polygons: "boxes" })).toBe("1 0.125000 0.075000 0.250000 0.150000\n");
  });

  it("writes a polygon as its bounding box, or as its normalised points", () => {
    const item = imageItem([polygon([[100, 0], [300, 50], [200, 200]])]);
    expect(yoloLines(item, classIndexOf, { polygons: "boxes" })).toBe("2 0.500000 0.500000 0.500000 1.000000\n");
    expect(yoloLines(item, classIndexOf, { polygons: "segments" })).toBe("2 0.250000 0.000000 0.750000 0.250000 0.500000 1.000000\n");
  });

  it("writes boxes as their four corners among segments, one line per shape", () => {
    const item = imageItem([box(100, 50, 200, 100), polygon([[0, 0], [40, 0], [0, 20]])]);
    expect(yoloLines(item, classIndexOf, { polygons: "segments" })).toBe(
      "0 0.250000 0.250000 0.750000 0.250000 0.750000 0.750000 0.250000 0.750000\n2 0.000000 0.000000 0.100000 0.000000 0.000000 0.100000\n",
    );
  });

  it("clamps a shape a hair past the edge to [0, 1]", () => {
    expect(yoloLines(imageItem([polygon([[-1e-7, 0], [400.0000001, 0], [0, 200]])]), classIndexOf, { polygons: "segments" })).toBe(
      "2 0.000000 0.000000 1.000000 0.000000 0.000000 1.000000\n",
    );
  });

  it("writes an empty label file for an image without shapes, and refuses shapes without an image size", () => {
    expect(yoloLines(imageItem([{ task: "defect", type: "classification", values: ["ok"] }]), classIndexOf, { polygons: "boxes" })).toBe("");
    expect(yoloLines(imageItem(null, { width: null, height: null }), classIndexOf, { polygons: "boxes" })).toBe("");
    expect(() => yoloLines(imageItem([box(0, 0, 1, 1)], { width: null }), classIndexOf, { polygons: "boxes" })).toThrow("photo.png (item1) has shapes but no image size");
  });

  it("writes data.yaml with Ultralytics' train, val and test keys, nc and names by index, quoted", () => {
    expect(yoloDataYaml(["scratch", "yes", "a: b"], yoloSplitFolders(["dev", "train", "test"]))).toBe(
      [
        "# Ultralytics YOLO dataset exported by Concord; paths are relative to this file.",
        'train: "images/train"',
        'val: "images/dev"',
        'test: "images/test"',
        "nc: 3",
        "names:",
        '  0: "scratch"',
        '  1: "yes"',
        '  2: "a: b"',
        "",
      ].join("\n"),
    );
    expect(yoloDataYaml([], yoloSplitFolders(["train"]))).toContain("nc: 0\nnames: {}\n");
  });

  it("names for train and val only split folders the export wrote: dev is val, else the held-out test part, else the training images", () => {
    expect(yoloSplitFolders(["train", "dev", "test"])).toEqual({ train: "train", val: "dev", test: "test" });
    expect(yoloSplitFolders(["train", "test"])).toEqual({ train: "train", val: "test", test: "test" });
    expect(yoloSplitFolders(["train", "dev"])).toEqual({ train: "train", val: "dev" });
    expect(yoloSplitFolders(["train"])).toEqual({ train: "train", val: "train" });
    expect(yoloSplitFolders(["all"])).toEqual({ train: "all", val: "all" });
    expect(yoloSplitFolders(["test", "dev"])).toEqual({ train: "dev", val: "dev", test: "test" });
    expect(yoloSplitFolders([])).toEqual({ train: "all", val: "all" });
  });
});

describe("ASR manifest (NeMo)", () => {
  const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as unknown);

  it("per clip: offset 0, the clip's duration and the transcript task's text", () => {
    const item = audioItem([segment(0, 1, "ignored"), { task: "text", type: "transcript", text: "hello world" }], { durationSeconds: 3.25 });
    expect(asrManifestLines(item, { per: "clip" })).toEqual(['{"audio_filepath":"media/def.wav","offset":0,"duration":3.25,"text":"hello world","split":"train"}']);
  });

  it("per clip without a transcript task: the segment transcripts joined in time order", () => {
    const item = audioItem([segment(2, 3, "world"), segment(0.5, 1.5, "hello"), segment(1.5, 2, undefined, "noise")]);
    expect(parse(asrManifestLines(item, { per: "clip" }))).toEqual([{ audio_filepath: "media/def.wav", offset: 0, duration: 4, text: "hello world", split: "train" }]);
  });

  it("per segment: a line per transcribed segment, offset its start and duration its length", () => {
    const item = audioItem([segment(1.1, 1.4, "b"), segment(0.1, 0.3, "a"), segment(0, 1, undefined, "noise"), { task: "text", type: "transcript", text: "a b" }]);
    expect(parse(asrManifestLines(item, { per: "segment" }))).toEqual([
      { audio_filepath: "media/def.wav", offset: 0.1, duration: 0.2, text: "a", split: "train" },
      { audio_filepath: "media/def.wav", offset: 1.1, duration: 0.3, text: "b", split: "train" },
    ]);
    expect(parse(asrManifestLines({ ...item, split: null }, { per: "segment" }))).toContainEqual(expect.objectContaining({ text: "a", split: null }));
  });

  it("writes no line without any transcript, but one for an empty transcript (silence)", () => {
    expect(asrManifestLines(audioItem([segment(0, 1, undefined, "noise")]), { per: "clip" })).toEqual([]);
    expect(asrManifestLines(audioItem(null), { per: "clip" })).toEqual([]);
    expect(parse(asrManifestLines(audioItem([{ task: "text", type: "transcript", text: "" }]), { per: "clip" }))).toEqual([{ audio_filepath: "media/def.wav", offset: 0, duration: 4, text: "", split: "train" }]);
  });

  it("refuses a transcribed clip without a duration", () => {
    expect(() => asrManifestLines(audioItem([segment(0, 1, "a")], { durationSeconds: null }), { per: "clip" })).toThrow("clip.wav (item1) has a transcript but no duration");
  });
});

describe("Label Studio", () => {
  const imageResult: ResultEntry[] = [
    { task: "defect", type: "classification", values: ["scratch", "borderline"] },
    { ...box(100, 50, 200, 100), uncertain: true },
    box(1.234, 5.678, 9.1011, 12.1314, "dent"),
    polygon([[0, 0], [123.456, 0], [400, 200]]),
  ];
  const audioResult: ResultEntry[] = [
    segment(0.25, 1.5, "hello there"),
    { ...segment(1.75, 2.125, undefined, "noise"), uncertain: true },
    { task: "text", type: "transcript", text: "hello there\n[unintelligible]" },
  ];

  it("writes boxes and polygons in percent of the image, with the original size, choices as they are", () => {
    const task = labelStudioTask(imageItem(imageResult), imageTasks, "https://host/media/abc.png", "all");
    expect(task.data).toEqual({ image: "https://host/media/abc.png", concord_id: "item1", concord_split: "train" });
    expect(task.annotations).toHaveLength(2);
    const [first] = task.annotations;
    expect(first?.completed_by).toEqual({ id: "u1", email: "u1@example.com", first_name: "Name u1" });
    // A labeler deleted since has no email: no completed_by rather than one Label Studio's import refuses.
    const deleted = { ...annotation("gone", imageResult), labeler: { id: "gone", name: "", email: "" } };
    expect(labelStudioTask(imageItem(imageResult, { annotations: [deleted] }), imageTasks, "/m/abc.png", "all").annotations[0]).not.toHaveProperty("completed_by");
    expect([first?.created_at, first?.lead_time]).toEqual(["2025-01-02T03:04:05.000Z", 12.5]);
    expect(first?.result[0]).toEqual({ id: "r0", from_name: "defect", to_name: "image", type: "choices", value: { choices: ["scratch", "borderline"] } });
    expect(first?.result[1]).toEqual({
      id: "r1",
      from_name: "boxes",
      to_name: "image",
      meta: { text: ["uncertain"] },
      type: "rectanglelabels",
      original_width: 400,
      original_height: 200,
      image_rotation: 0,
      value: { x: 25, y: 25, width: 50, height: 50, rotation: 0, rectanglelabels: ["scratch"] },
    });
    expect(first?.result[3]?.value).toEqual({ points: [[0, 0], [expect.closeTo(30.864, 9), 0], [100, 100]], polygonlabels: ["scratch"], closed: true });
  });

  it("writes audio segments in seconds, a segment's transcript as per-region text sharing its id, and the clip transcript", () => {
    const task = labelStudioTask(audioItem(audioResult, { split: null }), audioTasks, "/files/def.wav", "all");
    expect(task.data).toEqual({ audio: "/files/def.wav", concord_id: "item1", concord_split: null });
    expect(task.annotations[0]?.result).toEqual([
      { id: "r0", from_name: "speech", to_name: "audio", type: "labels", value: { start: 0.25, end: 1.5, channel: 0, labels: ["speech"] } },
      { id: "r0", from_name: "speech_transcript", to_name: "audio", type: "textarea", value: { start: 0.25, end: 1.5, channel: 0, text: ["hello there"] } },
      { id: "r1", from_name: "noise", to_name: "audio", meta: { text: ["uncertain"] }, type: "labels", value: { start: 1.75, end: 2.125, channel: 0, labels: ["noise"] } },
      { id: "r2", from_name: "text", to_name: "audio", type: "textarea", value: { text: ["hello there\n[unintelligible]"] } },
    ]);
  });

  it("leaves out entries of tasks the project no longer has", () => {
    const task = labelStudioTask(imageItem([box(0, 0, 1, 1), { task: "gone", type: "classification", values: ["x"] }]), imageTasks, "u", "all");
    expect(task.annotations[0]?.result.map((result) => result.from_name)).toEqual(["boxes"]);
  });

  // Numbers within 0.005 px or s of the original.
  const approximately = (value: unknown): unknown =>
    typeof value === "number" ? expect.closeTo(value, 2) : Array.isArray(value) ? value.map(approximately) : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, approximately(inner)])) : value;

  it.each([
    ["image", imageItem(imageResult), imageTasks, imageResult],
    ["audio", audioItem(audioResult), audioTasks, audioResult],
  ] as const)("round-trips %s results through Label Studio within 0.01 px", (_, item, tasks, result) => {
    const exported = JSON.parse(JSON.stringify([labelStudioTask(item, tasks, "https://host/media/a%20b.png?sig=1", "all")])) as unknown;
    const { items, problems } = parseLabelStudioExport(exported, tasks);
    expect(problems).toEqual([]);
    expect(items).toEqual([
      {
        file: "a b.png",
        annotations: [
          // When and for how long each labeler worked comes back too.
          { completedBy: "u1@example.com", createdAt: "2025-01-02T03:04:05.000Z", leadTimeSeconds: 12.5, result: approximately(result) },
          { completedBy: "u2@example.com", createdAt: "2025-01-02T03:04:05.000Z", leadTimeSeconds: 12.5, result: approximately(result) },
        ],
      },
    ]);
  });

  describe("with labels= final, consensus or gold: the item's label as its one annotation", () => {
    const gold = [box(10, 10, 20, 20)];
    const decision = { ...decisionOf("edit", gold), reason: "tighter", category: null };
    const resolved = imageItem(gold, { review: { ...imageItem(gold).review, state: "resolved", decisions: [decision] } });

    it("gives a gold label to the reviewer who decided it, at their decision, as ground truth, and it reads back as theirs", () => {
      for (const labels of ["final", "gold"] as const) {
        const task = labelStudioTask(resolved, imageTasks, "/m/abc.png", labels);
        expect(task.annotations).toEqual([
          { completed_by: { id: "r1", email: "rita@example.com", first_name: "Rita Reviewer" }, created_at: "2025-01-03T00:00:00.000Z", lead_time: 0, ground_truth: true, result: [expect.objectContaining({ type: "rectanglelabels" })] },
        ]);
        const { items, problems } = parseLabelStudioExport(JSON.parse(JSON.stringify([task])), imageTasks);
        expect(problems).toEqual([]);
        expect(items[0]?.annotations).toEqual([{ completedBy: "rita@example.com", createdAt: "2025-01-03T00:00:00.000Z", leadTimeSeconds: 0, result: gold }]);
      }
    });

    it("gives a consensus (final of an accepted item, or labels=consensus) to no person (no completed_by, which Label Studio refuses without an email), and an empty one as an annotation without results", () => {
      const consensus = [box(0, 0, 5, 5)];
      for (const [item, labels] of [
        [imageItem(consensus), "final"],
        [{ ...resolved, final: consensus }, "consensus"],
      ] as const) {
        const [only, ...rest] = labelStudioTask(item, imageTasks, "/m/abc.png", labels).annotations;
        expect(rest).toEqual([]);
        expect(only).toEqual({ lead_time: 0, result: [expect.objectContaining({ value: expect.objectContaining({ x: 0, width: 1.25 }) })] });
      }
      expect(labelStudioTask(imageItem([]), imageTasks, "/m/abc.png", "final").annotations).toEqual([{ lead_time: 0, result: [] }]);
    });

    it("writes no annotation for an item without that label, and never the labelers' own", () => {
      expect(labelStudioTask(imageItem(null, { annotations: [annotation("u1", gold)] }), imageTasks, "/m/abc.png", "gold").annotations).toEqual([]);
    });
  });

  it("reads a task's concord_split and other data fields Label Studio or Concord add without complaint", () => {
    const exported = [{ data: { image: "/m/abc.png", concord_id: "item1", concord_split: "dev", anything: { nested: true } }, annotations: [] }];
    expect(parseLabelStudioExport(exported, imageTasks)).toEqual({ items: [{ file: "abc.png", annotations: [] }], problems: [] });
  });

  it("reads Label Studio's own exports: any control name for the only task of its type, numeric annotators, local-files URLs", () => {
    const exported = [
      {
        id: 1,
        data: { image: "/data/local-files/?d=images/photo%201.png" },
        annotations: [
          {
            completed_by: 10,
            result: [
              { id: "x1", from_name: "label", to_name: "img", type: "rectanglelabels", origin: "manual", original_width: 400, original_height: 200, value: { x: 10, y: 10, width: 20, height: 20, rotation: 0, rectanglelabels: ["dent"] } },
              { from_name: "choice", to_name: "img", type: "choices", value: { choices: ["ok"] } },
            ],
          },
          { completed_by: 11, was_cancelled: true, result: [] },
        ],
        predictions: [{ result: [] }],
      },
    ];
    expect(parseLabelStudioExport(exported, imageTasks)).toEqual({
      items: [
        {
          file: "photo 1.png",
          annotations: [
            {
              completedBy: "10",
              createdAt: null,
              leadTimeSeconds: null,
              result: [
                { task: "boxes", type: "bbox", label: "dent", x: 40, y: 20, width: 80, height: 40 },
                { task: "defect", type: "classification", values: ["ok"] },
              ],
            },
          ],
        },
      ],
      problems: [],
    });
  });

  it("leaves out and reports what it cannot convert or the project refuses, keeping the rest", () => {
    const rectangle = (value: object) => ({ from_name: "boxes", type: "rectanglelabels", original_width: 400, original_height: 200, value: { x: 0, y: 0, width: 10, height: 10, rectanglelabels: ["dent"], ...value } });
    const exported = [
      {
        data: { image: "a.png" },
        annotations: [
          {
            completed_by: { id: 3, email: "c@example.com" },
            result: [
              rectangle({ rotation: 30 }),
              rectangle({ rectanglelabels: ["crack"] }),
              rectangle({ rectanglelabels: ["dent", "scratch"] }),
              rectangle({ x: 95 }),
              rectangle({}),
              { type: "keypointlabels", from_name: "kp", value: {} },
              { id: "r", from_name: "text", type: "textarea", value: { text: ["hi"] } },
              { type: "relation", from_id: "a", to_id: "b" },
            ],
          },
        ],
      },
      { data: { text: "no media" } },
      "not a task",
    ];
    const { items, problems } = parseLabelStudioExport(exported, imageTasks);
    expect(items).toEqual([{ file: "a.png", annotations: [{ completedBy: "c@example.com", createdAt: null, leadTimeSeconds: null, result: [{ task: "boxes", type: "bbox", label: "dent", x: 0, y: 0, width: 40, height: 20 }] }] }]);
    expect(problems).toEqual([
      "task 1 (a.png), annotation 1: result 1: value.rotation: rotated boxes are not supported",
      "task 1 (a.png), annotation 1: result 3: value.rectanglelabels: Concord takes exactly one label per region",
      'task 1 (a.png), annotation 1: result 6: unsupported result type "keypointlabels"',
      'task 1 (a.png), annotation 1: result 8: unsupported result type "relation"',
      'task 1 (a.png), annotation 1: no transcript task or segment matches the text of "text"',
      'task 1 (a.png), annotation 1: boxes: "crack" is not a class of task "boxes" (scratch, dent)',
      "task 1 (a.png), annotation 1: boxes: the box must lie within the image width (0–400 px)",
      "task 2: data has no image or audio URL",
      "task 3: Invalid input: expected object, received string",
    ]);
  });

  it("keeps a past answer that leaves a required task unanswered, but leaves out and reports boxes and polygons without area", () => {
    const sized = { original_width: 400, original_height: 200 };
    const exported = [
      {
        data: { image: "a.png" },
        annotations: [
          { completed_by: 1, result: [] },
          {
            completed_by: 2,
            result: [
              { from_name: "boxes", type: "rectanglelabels", ...sized, value: { x: 0, y: 0, width: 0.0001, height: 10, rectanglelabels: ["dent"] } },
              { from_name: "outline", type: "polygonlabels", ...sized, value: { points: [[0, 0], [10, 10], [10, 0], [0, 10]], polygonlabels: ["scratch"] } },
              { from_name: "boxes", type: "rectanglelabels", ...sized, value: { x: 0, y: 0, width: 10, height: 10, rectanglelabels: ["dent"] } },
            ],
          },
        ],
      },
    ];
    const { items, problems } = parseLabelStudioExport(exported, imageTasks);
    expect(imageTasks.find((task) => task.key === "defect")?.required).toBe(true);
    expect(items[0]?.annotations.map((annotation) => annotation.result)).toEqual([[], [{ task: "boxes", type: "bbox", label: "dent", x: 0, y: 0, width: 40, height: 20 }]]);
    expect(problems).toEqual([
      'task 1 (a.png), annotation 2: boxes: box "dent" of task "boxes" is 0.0004 × 20 px; a box must be at least 1 px wide and 1 px high: draw it larger, or delete it',
      'task 1 (a.png), annotation 2: outline: polygon "scratch" of task "outline" crosses itself at (20, 10), where edges 1–2 and 3–4 meet: move a point so that the outline neither crosses nor touches itself, or draw two polygons',
    ]);
  });

  it("reports a control it cannot tell apart from others of its type", () => {
    const exported = [{ data: { audio: "c.wav" }, annotations: [{ result: [{ from_name: "region", type: "labels", value: { start: 0, end: 1, labels: ["noise"] } }] }] }];
    expect(parseLabelStudioExport(exported, audioTasks)).toEqual({
      items: [{ file: "c.wav", annotations: [{ completedBy: "", createdAt: null, leadTimeSeconds: null, result: [] }] }],
      problems: ['task 1 (c.wav), annotation 1: no segment task matches the control "region"'],
    });
  });

  it("refuses anything but an array of tasks", () => {
    expect(parseLabelStudioExport({ tasks: [] }, imageTasks)).toEqual({ items: [], problems: ["a Label Studio JSON export is an array of tasks"] });
  });
});
