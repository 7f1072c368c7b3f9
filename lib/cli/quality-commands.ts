// Agreement, consensus and transcript-error commands for MLEs working offline and for scripted checks.
// Each reads JSON (a file or stdin) and prints one JSON object on stdout.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { bootstrapAlpha, bootstrapCohenKappa, cohenKappa, fleissKappa, krippendorffAlpha, percentAgreement, type BootstrapResult } from "../quality/categorical";
import type { Statistic } from "../quality/statistic";
import { dawidSkene, majorityVote } from "../quality/consensus";
import { characterErrorRate, DEFAULT_NORMALISATION, transcriptErrorRates } from "../quality/text-and-segments";
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
