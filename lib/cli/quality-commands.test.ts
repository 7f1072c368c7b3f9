import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { agreement, annotationAgreement, consensus, InputError, isReliabilityInput, wer } from "./quality-commands";
import { reliabilityInput } from "./quality-inputs";

const dir = mkdtempSync(path.join(tmpdir(), "concord-quality-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function input(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders × 12 units with missing values.
const KRIPPENDORFF_2011 = {
  data: [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ],
};

describe("concord agreement", () => {
  it("prints Krippendorff's published alphas at each level", async () => {
    const file = input("k.json", KRIPPENDORFF_2011);
    const results = await Promise.all((["nominal", "ordinal", "interval", "ratio"] as const).map((level) => agreement({ metric: "krippendorff", level, input: file })));
    const alphas = results.map((result) => (result as { value: number }).value);
    expect(alphas.map((value) => value.toFixed(3))).toEqual(["0.743", "0.815", "0.849", "0.797"]);
  });

  it("adds a reproducible bootstrap interval with --bootstrap and --seed", async () => {
    const file = input("k2.json", KRIPPENDORFF_2011);
    const first = (await agreement({ metric: "krippendorff", level: "interval", bootstrap: "300", seed: "11", input: file })) as { ci: { lower: number; upper: number; resamples: number } };
    const second = await agreement({ metric: "krippendorff", level: "interval", bootstrap: "300", seed: "11", input: file });
    expect(second).toEqual(first);
    expect(first.ci.resamples).toBe(300);
    expect(first.ci.lower).toBeLessThanOrEqual(0.849);
  });

  it("reads counts for Fleiss' kappa (Wikipedia's worked example, κ = 0.210)", async () => {
    const counts = [
      [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ];
    expect(((await agreement({ metric: "fleiss", input: input("f.json", { counts }) })) as { value: number }).value).toBeCloseTo(0.21, 3);
  });

  it("refuses bad input with one line: ragged rows, not JSON, an unknown level, Cohen with three coders", async () => {
    await expect(agreement({ metric: "krippendorff", input: input("r.json", { data: [[1, 2], [1]] }) })).rejects.toThrow(InputError);
    await expect(agreement({ metric: "krippendorff", input: input("n.json", "nope") })).rejects.toThrow(/is not JSON/);
    await expect(agreement({ metric: "krippendorff", level: "cardinal", input: input("l.json", KRIPPENDORFF_2011) })).rejects.toThrow("--level must be one of nominal, ordinal, interval, ratio.");
    await expect(agreement({ metric: "cohen", input: input("c.json", KRIPPENDORFF_2011) })).rejects.toThrow("Cohen's kappa compares exactly two coders; the data has 4 rows.");
    await expect(agreement({ metric: "krippendorff", input: input("e.json", { data: [] }) })).rejects.toThrow("Invalid input: data: no coders");
  });

  it("takes reliability data as it is only where zod would take it unchanged, and leaves the rest to zod's message", () => {
    const cases: unknown[] = [
      KRIPPENDORFF_2011,
      { data: [["a", null, "b"]], categories: ["a", "b", 3], note: "ignored" },
      { data: [[1, JSON.parse("1e999")]] },
      { data: [[1, true]] },
      { data: [[1], 2] },
      { data: [] },
      { data: [[1]], categories: [null] },
      { counts: [[1]] },
      [[1, 2]],
      null,
    ];
    for (const value of cases) {
      const parsed = reliabilityInput.safeParse(value);
      expect(isReliabilityInput(value)).toBe(parsed.success);
      if (parsed.success) expect(parsed.data).toEqual({ data: (value as { data: unknown }).data, categories: (value as { categories?: unknown }).categories });
    }
  });

  it("exits 2 with the message on stderr", () => {
    const result = spawnSync(process.execPath, [path.resolve(import.meta.dirname, "concord.mjs"), "agreement", "--metric", "krippendorff", "--input", input("bad.json", { data: [[1, 2], [1]] })], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("concord consensus and wer", () => {
  it("prints Dawid–Skene posteriors, labeler accuracies and priors", async () => {
    const annotations = [
      { item: "t1", labeler: "w1", label: "no" },
      { item: "t1", labeler: "w2", label: "yes" },
      { item: "t1", labeler: "w3", label: "yes" },
      { item: "t2", labeler: "w1", label: "no" },
      { item: "t2", labeler: "w2", label: "no" },
      { item: "t2", labeler: "w3", label: "no" },
    ];
    const result = (await consensus({ method: "dawid-skene", input: input("a.json", { annotations }) })) as { items: Record<string, { label: string }>; iterations: number; priors: Record<string, number> };
    expect(result.items.t1?.label).toBe("yes");
    expect(result.items.t2?.label).toBe("no");
    expect(result.priors.no! + result.priors.yes!).toBeCloseTo(1, 12);
    expect(result.iterations).toBeGreaterThan(0);
    expect(((await consensus({ method: "majority", input: input("m.json", { annotations }) })) as { items: Record<string, { label: string }> }).items.t1?.label).toBe("yes");
  });

  it("prints WER, MER, WIL and CER, with the project's normalisation on request", () => {
    expect(wer({ reference: "um, nearest gas station", hypothesis: "umm, nearest gas station" })).toMatchObject({ wer: 0.25, mer: 0.25 });
    expect(wer({ reference: "um, nearest gas station", hypothesis: "umm, nearest gas station", normalize: true })).toMatchObject({ wer: 0, mer: 0, wil: 0, cer: 0 });
  });
});

type Figure = { value: number | null; reason?: string };
type Overall = Record<string, Figure>;
type Result = { items: Record<string, Record<string, Figure>>; overall: Overall };

describe("concord annotation-agreement", () => {
  const box = (x: number, y: number) => ({ type: "bbox", label: "scratch", x, y, width: 10, height: 10 });
  const square = { type: "polygon", label: "scratch", points: [[0, 0], [10, 0], [10, 10], [0, 10]] };
  // same: a box and the polygon of the same square (IoU 1). shifted: two 10×10 boxes 5 px apart, so
  // intersection 50, union 150, IoU 1/3. alone: one labeler.
  const shapes = input("shapes.json", { items: { same: { ann: [box(0, 0)], bob: [square] }, shifted: { ann: [box(100, 100)], bob: [box(105, 100)] }, alone: { ann: [] } } });

  it("shapes at IoU 0.5: the shifted pair does not match", async () => {
    const result = (await annotationAgreement({ kind: "shapes", input: shapes })) as Result;
    expect(result.items.same!.meanF1).toEqual({ value: 1 });
    expect(result.items.same!.meanIoU!.value).toBeCloseTo(1, 12);
    expect(result.items.shifted!.meanF1).toEqual({ value: 0 });
    expect(result.items.shifted!.meanIoU).toEqual({ value: null, reason: "no shapes matched between any two labelers" });
    expect(result.items.alone!.meanF1!.value).toBeNull();
    // Distances (1 − F1): within items 0 (same) and 1 (shifted); the 4 pairs across items 1. n = 4.
    // D_o = (2·0/1 + 2·1/1) / 4 = 0.5; D_e = 2·(0 + 1 + 4) / (4·3) = 5/6; alpha = 1 − 0.5/(5/6) = 0.4.
    expect(result.overall.alpha).toMatchObject({ value: expect.closeTo(0.4, 12), observed: 0.5, expected: expect.closeTo(5 / 6, 12), pairableAnnotations: 4 });
    expect(result.overall.meanF1).toEqual({ value: 0.5 });
    expect(result.overall.meanIoU!.value).toBeCloseTo(1, 12); // only "same" has matched shapes
  });

  it("shapes at --iou 0.3: identical annotations on every item give F1 1 and alpha 1", async () => {
    const result = (await annotationAgreement({ kind: "shapes", iou: "0.3", input: shapes })) as Result & { iouThreshold: number };
    expect(result.iouThreshold).toBe(0.3);
    expect(result.items.shifted!.meanF1).toEqual({ value: 1 });
    expect(result.items.shifted!.meanIoU!.value).toBeCloseTo(1 / 3, 12);
    // D_o = 0 and D_e = 2·4/12 = 2/3 > 0 (the items' boxes differ), so alpha = 1.
    expect(result.overall.alpha).toMatchObject({ value: 1, observed: 0, expected: expect.closeTo(2 / 3, 12) });
    expect(result.overall.meanIoU!.value).toBeCloseTo((1 + 1 / 3) / 2, 12);
  });

  it("keeps alpha undefined when every annotation is identical", async () => {
    const result = (await annotationAgreement({ kind: "shapes", input: input("one.json", { items: { same: { ann: [box(0, 0)], bob: [box(0, 0)] } } }) })) as Result;
    expect(result.overall.alpha!.value).toBeNull();
    expect(result.overall.alpha!.reason).toMatch(/expected disagreement is 0/);
  });

  it("segments: matched F1, frame alpha per clip and pooled, and segment-distance alpha", async () => {
    const speech = (start: number, end: number) => ({ type: "segment", label: "speech", start, end });
    const file = input("segments.json", { items: { c1: { ann: [speech(0, 2)], bob: [speech(0, 2)] }, c2: { ann: [speech(0, 1)], bob: [] } }, durations: { c1: 4, c2: 2 } });
    const result = (await annotationAgreement({ kind: "segments", input: file })) as Result & { items: Record<string, { frameAlpha: Figure }> };
    // c1: 400 frames of 10 ms, 200 speech and 200 none for both labelers: alpha 1, F1 1.
    expect(result.items.c1).toMatchObject({ meanF1: { value: 1 }, frameAlpha: { value: 1 } });
    // c2: 200 frames; 100 (speech, none) and 100 (none, none). n = 400, n_speech = 100, n_none = 300,
    // o_speech,none + o_none,speech = 200: alpha = 1 − (n − 1)·200 / (2·300·100) = 1 − 1.33 = −0.33. F1 0 (1 segment against none).
    expect(result.items.c2!.meanF1).toEqual({ value: 0 });
    expect(result.items.c2!.frameAlpha.value).toBeCloseTo(-0.33, 12);
    // Segment distances: c1 pair 0, c2 pair 1; across, speech 0–2 against 0–1 has IoU 0.5, so it matches (0)
    // twice, and against [] is 1 twice. D_o = (0 + 2·1)/4 = 0.5, D_e = 2·(1 + 2)/12 = 0.5: alpha 0.
    expect(result.overall.alpha).toMatchObject({ value: 0, observed: 0.5, expected: 0.5 });
    expect(result.overall.meanF1).toEqual({ value: 0.5 });
    // Pooled frames: 600 units, n = 1200, n_speech = 400 + 100, n_none = 600 + 100, 200 disagreeing
    // coincidences: alpha = 1 − 1199·200 / (2·700·500) = 2301/3500.
    expect(result.overall.frameAlpha!.value).toBeCloseTo(2301 / 3500, 12);
  });

  it("segments overlapping in time: figures per label, pooled frame alpha per label, and the WER of segment transcripts", async () => {
    const segment = (label: string, start: number, end: number, transcript?: string) => ({ type: "segment", label, start, end, ...(transcript === undefined ? {} : { transcript }) });
    const items = {
      car: { ann: [segment("speech", 0, 2, "Turn on the light."), segment("noise", 0, 1)], bob: [segment("noise", 0, 1), segment("speech", 0, 2, "turn on light")] },
      quiet: { ann: [segment("speech", 0, 1)], bob: [segment("speech", 0, 1), segment("noise", 1, 2)] },
    };
    const file = input("overlapping.json", { items, durations: { car: 2, quiet: 2 } });
    type Label = { label: string; f1: Figure; frameAlpha: Figure };
    type Segments = Result & { normalized: boolean; items: Record<string, { perLabel: Label[]; transcriptWer: Figure }>; overall: { perLabel: { label: string; frameAlpha: Figure }[]; transcriptWer: Figure } };
    const result = (await annotationAgreement({ kind: "segments", normalize: true, input: file })) as Segments;
    // car: both draw speech over the whole clip and noise over its first half: every segment matches its label's.
    expect(result.items.car!.meanF1).toEqual({ value: 1 });
    expect(result.items.car!.perLabel).toEqual([
      { label: "noise", f1: { value: 1 }, frameAlpha: { value: 1 } },
      { label: "speech", f1: { value: 1 }, frameAlpha: { value: null, reason: expect.stringMatching(/expected disagreement is 0/) } },
    ]);
    // quiet: bob's noise has no partner: F1 2·1/3 overall, noise 0; its frames: 100 (0, 0) and 100 (0, 1) units.
    expect(result.items.quiet!.meanF1!.value).toBeCloseTo(2 / 3, 12);
    expect(result.items.quiet!.perLabel.map(({ label, f1 }) => [label, f1.value])).toEqual([["noise", 0], ["speech", 1]]);
    // Pooled noise frames: car 100 (1, 1) and 100 (0, 0) units, quiet 100 (0, 0) and 100 (0, 1): n = 800, n_1 = 300,
    // n_0 = 500, o_01 + o_10 = 200: alpha = 1 − 799·200 / (2·500·300).
    expect(result.overall.perLabel.map(({ label }) => label)).toEqual(["noise", "speech"]);
    expect(result.overall.perLabel[0]!.frameAlpha.value).toBeCloseTo(1 - (799 * 200) / (2 * 500 * 300), 12);
    // Normalised, "Turn on the light." against "turn on light": 1/4 one way, 1/3 the other; quiet has no transcripts.
    expect(result.normalized).toBe(true);
    expect(result.items.car!.transcriptWer.value).toBeCloseTo((1 / 4 + 1 / 3) / 2, 12);
    expect(result.items.quiet!.transcriptWer.value).toBeNull();
    expect(result.overall.transcriptWer.value).toBeCloseTo((1 / 4 + 1 / 3) / 2, 12);
    // As written, "Turn" and "light." are substitutions too: 3 errors in 4 words one way, 3 in 3 the other.
    const raw = (await annotationAgreement({ kind: "segments", input: file })) as Segments;
    expect(raw.items.car!.transcriptWer.value).toBeCloseTo((3 / 4 + 3 / 3) / 2, 12);
  });

  it("transcripts: mean pairwise WER, the medoid, and alpha on transcript distance, with and without --normalize", async () => {
    const items = { q1: { ann: "um, nearest gas station", bob: [{ type: "transcript", text: "umm, nearest gas station" }] }, q2: { ann: "turn left", bob: "turn left" }, q3: { ann: "hello" } };
    const file = input("transcripts.json", { items });
    type Transcripts = Result & { items: Record<string, { meanWer: Figure; medoid: { labeler: string; text: string } }> };
    const raw = (await annotationAgreement({ kind: "transcripts", input: file })) as Transcripts;
    // "um," against "umm,": one substitution in four words either way.
    expect(raw.items.q1!.meanWer).toEqual({ value: 0.25 });
    // Tied totals go to the text first in code-unit order: "um," < "umm," (',' < 'm').
    expect(raw.items.q1!.medoid).toMatchObject({ labeler: "ann", text: "um, nearest gas station" });
    expect(raw.items.q3!.meanWer.value).toBeNull();
    // Distances: q1 pair 1/4, q2 pair 0, the 4 pairs across q1 and q2 1 (no word in common, 4 edits / 4 words).
    // D_o = 2·0.25/4 = 0.125, D_e = 2·(0.25 + 4)/12 = 8.5/12: alpha = 1 − 1.5/8.5 = 14/17.
    expect(raw.overall.alpha!.value).toBeCloseTo(14 / 17, 12);
    expect(raw.overall.meanWer).toEqual({ value: 0.125 });
    const normalized = (await annotationAgreement({ kind: "transcripts", normalize: true, input: file })) as Transcripts;
    expect(normalized.items.q1!.meanWer).toEqual({ value: 0 });
    expect(normalized.overall.alpha).toMatchObject({ value: 1, observed: 0 });
    expect(normalized.overall.meanWer).toEqual({ value: 0 });
  });

  it("refuses bad input with one line", async () => {
    const shapesOf = (entry: unknown) => input("bad-shape.json", { items: { i: { a: [entry] } } });
    await expect(annotationAgreement({ kind: "boxes", input: shapes })).rejects.toThrow("--kind must be one of shapes, segments, transcripts.");
    await expect(annotationAgreement({ kind: "shapes", iou: "0", input: shapes })).rejects.toThrow("--iou must be a number in (0, 1].");
    await expect(annotationAgreement({ kind: "shapes", input: shapesOf({ ...box(0, 0), width: -1 }) })).rejects.toThrow(/^Invalid input: items\.i\.a\.0\.width: /);
    await expect(annotationAgreement({ kind: "shapes", input: shapesOf({ type: "segment", label: "s", start: 0, end: 1 }) })).rejects.toThrow("Invalid input: items.i.a.0: expected a bbox or polygon entry");
    await expect(annotationAgreement({ kind: "shapes", input: shapesOf({ ...box(0, 0), colour: "red" }) })).rejects.toThrow("Invalid input: items.i.a.0.colour: unknown field");
    await expect(annotationAgreement({ kind: "shapes", input: input("empty.json", { items: {} }) })).rejects.toThrow("Invalid input: items: no items");
    await expect(annotationAgreement({ kind: "segments", input: input("backwards.json", { items: { i: { a: [{ type: "segment", label: "s", start: 2, end: 1 }] } } }) })).rejects.toThrow(
      /^item "i": labeler "a" segment 0/,
    );
    await expect(annotationAgreement({ kind: "segments", input: input("durations.json", { items: { i: { a: [] } }, durations: { j: 3 } }) })).rejects.toThrow('durations: no item "j".');
    await expect(annotationAgreement({ kind: "transcripts", input: input("two.json", { items: { i: { a: [{ type: "transcript", text: "x" }, { type: "transcript", text: "y" }] } } }) })).rejects.toThrow(
      "Invalid input: items.i.a: expected one transcript entry",
    );
    await expect(annotationAgreement({ kind: "transcripts", input: input("nj.json", "{") })).rejects.toThrow(/is not JSON/);
  });

  it("exits 2 with the message on stderr", () => {
    const bad = input("bad-segments.json", { items: { i: { a: [{ type: "bbox", label: "s", x: 0, y: 0, width: 1, height: 1 }] } } });
    const result = spawnSync(process.execPath, [path.resolve(import.meta.dirname, "concord.mjs"), "annotation-agreement", "--kind", "segments", "--input", bad], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toBe("concord: Invalid input: items.i.a.0: expected a segment entry");
  });
});
