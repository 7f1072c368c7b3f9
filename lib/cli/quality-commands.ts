// Agreement, consensus and transcript-error commands for MLEs working offline and for scripted checks.
// Each reads JSON (a file or stdin) and prints one JSON object on stdout.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { bootstrapAlpha, bootstrapCohenKappa, cohenKappa, fleissKappa, krippendorffAlpha, percentAgreement, type BootstrapResult } from "../quality/categorical";
import { clipSegmentAgreement, mean } from "../quality/item-agreement";
import { undefinedBecause, type Statistic } from "../quality/statistic";
import { dawidSkene, majorityVote } from "../quality/consensus";
import { distanceAlpha } from "../quality/distance-alpha";
import { DEFAULT_IOU_THRESHOLD, pairwiseShapeAgreement, shapeAnnotationDistance } from "../quality/shapes";
import {
  characterErrorRate,
  DEFAULT_NORMALISATION,
  DEFAULT_SEGMENT_IOU_THRESHOLD,
  frameAgreement,
  segmentDistance,
  transcriptConsensus,
  transcriptDistance,
  transcriptErrorRates,
  wordErrorRate,
} from "../quality/text-and-segments";
import { resultEntrySchema, type ResultEntry } from "../validation/annotation";
import { describeIssue } from "../validation/parse";

/** Bad input to a command: reported in one line, exit status 2. */
export class InputError extends Error {}

export type Options = Record<string, string | boolean | undefined>;

function readJson<S extends z.ZodType>(options: Options, schema: S): z.output<S> {
  const source = options.input;
  if (typeof source !== "string" || !source) throw new InputError("Missing --input FILE (or - for standard input).");
  let text: string;
  try {
    text = readFileSync(source === "-" ? 0 : source, "utf8");
  } catch (error) {
    throw new InputError(`Cannot read ${source}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError(`${source === "-" ? "Standard input" : source} is not JSON.`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new InputError(`Invalid input: ${describeIssue(result.error.issues[0]!).message}`);
  return result.data;
}

/** Library errors about the data (ragged rows, unknown categories) are input errors too. */
function asInputError<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError((error as Error).message);
  }
}

function choice<T extends string>(options: Options, name: string, allowed: readonly T[], fallback?: T): T {
  const value = options[name] ?? fallback;
  if (typeof value !== "string" || !allowed.includes(value as T)) throw new InputError(`--${name} must be one of ${allowed.join(", ")}.`);
  return value as T;
}

function integer(options: Options, name: string): number | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  const number = Number(value);
  if (typeof value !== "string" || !Number.isInteger(number) || number < 0) throw new InputError(`--${name} must be a whole number.`);
  return number;
}

/** A number in (0, 1], such as an IoU threshold. */
function fraction(options: Options, name: string): number | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  const number = Number(value);
  if (typeof value !== "string" || !value.trim() || !(number > 0 && number <= 1)) throw new InputError(`--${name} must be a number in (0, 1].`);
  return number;
}

const rating = z.union([z.string(), z.number(), z.null()]);
const reliabilityInput = z.object({ data: z.array(z.array(rating)).min(1, { message: "no coders" }), categories: z.array(z.union([z.string(), z.number()])).optional() });
const countsInput = z.object({ counts: z.array(z.array(z.number().int().min(0))).min(1, { message: "no units" }) });

function interval(result: BootstrapResult<Statistic>, seed: number) {
  return { ...result.interval, level: result.confidenceLevel, resamples: result.resamples, definedResamples: result.definedResamples, seed };
}

export function agreement(options: Options): object {
  const metric = choice(options, "metric", ["percent", "cohen", "fleiss", "krippendorff"] as const);
  const resamples = integer(options, "bootstrap");
  const seed = integer(options, "seed") ?? 0;
  if (metric === "fleiss") {
    const { counts } = readJson(options, countsInput);
    return asInputError(() => ({ metric, level: "nominal", ...fleissKappa(counts) }));
  }
  const { data, categories } = readJson(options, reliabilityInput);
  if (metric === "percent") return asInputError(() => ({ metric, level: "nominal", ...percentAgreement(data, { categories }) }));
  if (metric === "cohen") {
    if (data.length !== 2) throw new InputError(`Cohen's kappa compares exactly two coders; the data has ${data.length} rows.`);
    const weights = choice(options, "weights", ["unweighted", "linear", "quadratic"] as const, "unweighted");
    const kappaOptions = { categories, weights };
    return asInputError(() => {
      if (resamples === undefined) return { metric, level: weights === "unweighted" ? "nominal" : "ordinal", weights, ...cohenKappa(data[0]!, data[1]!, kappaOptions) };
      const result = bootstrapCohenKappa(data[0]!, data[1]!, { ...kappaOptions, seed, resamples });
      return { metric, level: weights === "unweighted" ? "nominal" : "ordinal", weights, ...result.estimate, ci: interval(result, seed) };
    });
  }
  const level = choice(options, "level", ["nominal", "ordinal", "interval", "ratio"] as const, "nominal");
  return asInputError(() => {
    if (resamples === undefined) return { metric, level, ...krippendorffAlpha(data, { level, categories }) };
    const result = bootstrapAlpha(data, { level, categories, seed, resamples });
    return { metric, level, ...result.estimate, ci: interval(result, seed) };
  });
}

const annotationsInput = z.object({
  annotations: z.array(z.object({ item: z.union([z.string(), z.number()]).transform(String), labeler: z.union([z.string(), z.number()]).transform(String), label: z.union([z.string(), z.number()]).transform(String) })).min(1, { message: "no annotations" }),
});

export function consensus(options: Options): object {
  const method = choice(options, "method", ["majority", "dawid-skene"] as const);
  const { annotations } = readJson(options, annotationsInput);
  return asInputError(() => (method === "majority" ? { method, items: majorityVote(annotations) } : { method, ...dawidSkene(annotations) }));
}

export function wer(options: Options): object {
  const reference = options.reference;
  const hypothesis = options.hypothesis;
  if (typeof reference !== "string" || typeof hypothesis !== "string") throw new InputError("Give both --reference TEXT and --hypothesis TEXT.");
  const rules = options.normalize === true ? DEFAULT_NORMALISATION : undefined;
  const rates = transcriptErrorRates(reference, hypothesis, rules);
  return { ...rates, cer: characterErrorRate(reference, hypothesis, rules), normalized: rules !== undefined };
}

/**
 * Entries in Concord's annotation result format (lib/validation/annotation.ts, normative) of the given
 * types. `task` may be left out: one input holds one task's entries.
 */
function entriesOf<T extends ResultEntry["type"]>(...types: T[]) {
  const withTask = (value: unknown) => (typeof value === "object" && value !== null && !Array.isArray(value) && !("task" in value) ? { task: "", ...value } : value);
  const entry = z.preprocess(withTask, resultEntrySchema).refine((entry): entry is Extract<ResultEntry, { type: T }> => (types as string[]).includes(entry.type), {
    message: `expected a ${types.join(" or ")} entry`,
  });
  return z.array(entry);
}

/** `{"items": {itemId: {labelerId: annotation}}}`, at least one item. */
function itemsOf<S extends z.ZodType>(annotation: S) {
  return z.record(z.string(), z.record(z.string(), annotation)).refine((items) => Object.keys(items).length > 0, { message: "no items" });
}

const shapesInput = z.object({ items: itemsOf(entriesOf("bbox", "polygon")) }).strict();
const segmentsInput = z.object({ items: itemsOf(entriesOf("segment")), durations: z.record(z.string(), z.number().min(0)).optional() }).strict();
/** A labeler's transcript: a plain string, or a list holding one transcript entry. */
const transcript = z.preprocess(
  (value) => (typeof value === "string" ? [{ type: "transcript", text: value }] : value),
  entriesOf("transcript").length(1, { message: "expected one transcript entry" }).transform((entries) => entries[0]!.text),
);
const transcriptsInput = z.object({ items: itemsOf(transcript) }).strict();

/** Mean of the items' defined values; undefined (with a reason) when no item has one. */
function meanOverItems(statistics: readonly Statistic[], what: string): Statistic {
  return mean(
    statistics.flatMap((statistic) => (statistic.value === null ? [] : [statistic.value])),
    `no item has a defined ${what}`,
  );
}

/** Mean of score(a, b) over every pair of annotations (both orders when `ordered`); undefined with fewer than two. */
function meanOverPairs<A>(annotations: readonly A[], score: (a: A, b: A) => number, ordered = false): Statistic {
  if (annotations.length < 2) return undefinedBecause("fewer than two labelers annotated this item");
  const scores = annotations.flatMap((a, i) => annotations.flatMap((b, j) => (i < j || (ordered && i > j) ? [score(a, b)] : [])));
  return mean(scores, "no pairs");
}

/** Each item's figures, keyed as in the input; a library error names the item. */
function perItem<A, R>(items: Record<string, Record<string, A>>, compute: (byLabeler: Record<string, A>, itemId: string) => R): Record<string, R> {
  return Object.fromEntries(
    Object.entries(items).map(([itemId, byLabeler]) => {
      try {
        return [itemId, compute(byLabeler, itemId)];
      } catch (error) {
        throw new InputError(`item "${itemId}": ${(error as Error).message}`);
      }
    }),
  );
}

/** Every item's annotations, one per labeler, as distanceAlpha takes them. */
function annotationsByItem<A>(items: Record<string, Record<string, A>>): A[][] {
  return Object.values(items).map((byLabeler) => Object.values(byLabeler));
}

function shapeAgreement(options: Options, iouThreshold: number): object {
  const { items } = readJson(options, shapesInput);
  const match = { iouThreshold };
  return asInputError(() => {
    const results = perItem(items, (byLabeler) => {
      const { meanF1, meanIoU } = pairwiseShapeAgreement(new Map(Object.entries(byLabeler)), match);
      return { labelers: Object.keys(byLabeler).length, meanF1, meanIoU };
    });
    const figures = Object.values(results);
    const alpha = distanceAlpha(annotationsByItem(items), (a, b) => shapeAnnotationDistance(a, b, match));
    const meanF1 = meanOverItems(figures.map((item) => item.meanF1), "meanF1");
    return { iouThreshold, items: results, overall: { alpha, meanF1, meanIoU: meanOverItems(figures.map((item) => item.meanIoU), "meanIoU") } };
  });
}

function segmentAgreement(options: Options, iouThreshold: number): object {
  const { items, durations = {} } = readJson(options, segmentsInput);
  const unknown = Object.keys(durations).find((itemId) => !(itemId in items));
  if (unknown !== undefined) throw new InputError(`durations: no item "${unknown}".`);
  const match = { iouThreshold };
  const rules = options.normalize === true ? DEFAULT_NORMALISATION : undefined;
  const clips = Object.entries(items).map(([itemId, segmentsByLabeler]) => ({ segmentsByLabeler, durationSeconds: durations[itemId] }));
  const transcripts = clips.some(({ segmentsByLabeler }) => Object.values(segmentsByLabeler).some((segments) => segments.some((segment) => segment.transcript !== undefined)));
  return asInputError(() => {
    // The app's figures for a segment task (itemAgreement), with this command's threshold and normalisation.
    const results = perItem(items, (byLabeler, itemId) => clipSegmentAgreement(byLabeler, { durationSeconds: durations[itemId], match, rules, transcripts }));
    const figures = Object.values(results);
    const alpha = distanceAlpha(annotationsByItem(items), segmentDistance({ ...match, classAware: true }));
    // Frame alpha pools every clip's frames (frameAgreement's own definition) rather than averaging clips.
    const frames = frameAgreement(clips);
    const overall = {
      alpha,
      meanF1: meanOverItems(figures.map((item) => item.meanF1), "meanF1"),
      frameAlpha: frames.overall,
      perLabel: frames.perLabel.map(({ label, alpha: frameAlpha }) => ({ label, frameAlpha })),
      ...(transcripts ? { transcriptWer: meanOverItems(figures.map((item) => item.transcriptWer!), "transcriptWer") } : {}),
    };
    return { iouThreshold, normalized: rules !== undefined, items: results, overall };
  });
}

function transcriptAgreement(options: Options): object {
  const { items } = readJson(options, transcriptsInput);
  const rules = options.normalize === true ? DEFAULT_NORMALISATION : undefined;
  return asInputError(() => {
    const results = perItem(items, (byLabeler) => {
      const labelers = Object.keys(byLabeler);
      const texts = Object.values(byLabeler);
      const { medoidIndex, meanWerToOthers, flagged } = transcriptConsensus(texts, { rules });
      return {
        labelers: labelers.length,
        meanWer: meanOverPairs(texts, (reference, hypothesis) => wordErrorRate(reference, hypothesis, rules), true),
        medoid: medoidIndex === null ? null : { labeler: labelers[medoidIndex]!, text: texts[medoidIndex]!, meanWerToOthers, flagged },
      };
    });
    const alpha = distanceAlpha(annotationsByItem(items), transcriptDistance(rules));
    const meanWer = meanOverItems(Object.values(results).map((item) => item.meanWer), "meanWer");
    return { normalized: rules !== undefined, items: results, overall: { alpha, meanWer } };
  });
}

/** Agreement on whole annotations (shapes, segments or transcripts) of several items by several labelers. */
export function annotationAgreement(options: Options): object {
  const kind = choice(options, "kind", ["shapes", "segments", "transcripts"] as const);
  if (kind === "shapes") return { kind, ...shapeAgreement(options, fraction(options, "iou") ?? DEFAULT_IOU_THRESHOLD) };
  if (kind === "segments") return { kind, ...segmentAgreement(options, fraction(options, "iou") ?? DEFAULT_SEGMENT_IOU_THRESHOLD) };
  return { kind, ...transcriptAgreement(options) };
}
