// Agreement, consensus and transcript-error commands for MLEs working offline and for scripted checks.
// Each reads JSON (a file or stdin) and prints one JSON object on stdout.
import { readFileSync } from "node:fs";
import type { z } from "zod";
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
import { describeIssue } from "../validation/parse";

/** Bad input to a command: reported in one line, exit status 2. */
export class InputError extends Error {}

export type Options = Record<string, string | boolean | undefined>;

/** The input schemas, loaded when an input needs zod (see quality-inputs.ts). */
type Inputs = typeof import("./quality-inputs");

/**
 * The JSON input, checked by the schema `pick` chooses. `accepts` is a quick check of input the schema would take as
 * it is (its output then equals the input): such input skips zod, which took 0.2 s for 500,000 ratings besides its
 * loading; anything it refuses goes through zod, whose message says what is wrong.
 */
async function readJson<S extends z.ZodType>(options: Options, pick: (inputs: Inputs) => S, accepts?: (value: unknown) => value is z.output<S>): Promise<z.output<S>> {
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
  if (accepts?.(parsed)) return parsed;
  const result = pick(await import("./quality-inputs")).safeParse(parsed);
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

const isCategory = (value: unknown) => typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
const isRating = (value: unknown) => value === null || isCategory(value);

/** What `reliabilityInput` takes unchanged: `data` a non-empty list of lists of ratings, `categories` absent or a list of categories (other keys are ignored, as zod strips them). */
export function isReliabilityInput(value: unknown): value is z.output<Inputs["reliabilityInput"]> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { data, categories } = value as { data?: unknown; categories?: unknown };
  if (!Array.isArray(data) || data.length === 0 || !data.every((row) => Array.isArray(row) && row.every(isRating))) return false;
  return categories === undefined || (Array.isArray(categories) && categories.every(isCategory));
}

function interval(result: BootstrapResult<Statistic>, seed: number) {
  return { ...result.interval, level: result.confidenceLevel, resamples: result.resamples, definedResamples: result.definedResamples, seed };
}

export async function agreement(options: Options): Promise<object> {
  const metric = choice(options, "metric", ["percent", "cohen", "fleiss", "krippendorff"] as const);
  const resamples = integer(options, "bootstrap");
  const seed = integer(options, "seed") ?? 0;
  if (metric === "fleiss") {
    const { counts } = await readJson(options, (inputs) => inputs.countsInput);
    return asInputError(() => ({ metric, level: "nominal", ...fleissKappa(counts) }));
  }
  const { data, categories } = await readJson(options, (inputs) => inputs.reliabilityInput, isReliabilityInput);
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

export async function consensus(options: Options): Promise<object> {
  const method = choice(options, "method", ["majority", "dawid-skene"] as const);
  const { annotations } = await readJson(options, (inputs) => inputs.annotationsInput);
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

async function shapeAgreement(options: Options, iouThreshold: number): Promise<object> {
  const { items } = await readJson(options, (inputs) => inputs.shapesInput);
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

async function segmentAgreement(options: Options, iouThreshold: number): Promise<object> {
  const { items, durations = {} } = await readJson(options, (inputs) => inputs.segmentsInput);
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

async function transcriptAgreement(options: Options): Promise<object> {
  const { items } = await readJson(options, (inputs) => inputs.transcriptsInput);
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
export async function annotationAgreement(options: Options): Promise<object> {
  const kind = choice(options, "kind", ["shapes", "segments", "transcripts"] as const);
  if (kind === "shapes") return { kind, ...(await shapeAgreement(options, fraction(options, "iou") ?? DEFAULT_IOU_THRESHOLD)) };
  if (kind === "segments") return { kind, ...(await segmentAgreement(options, fraction(options, "iou") ?? DEFAULT_SEGMENT_IOU_THRESHOLD)) };
  return { kind, ...(await transcriptAgreement(options)) };
}
