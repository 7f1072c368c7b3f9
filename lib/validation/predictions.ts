// Models' predictions, tags and evaluations at the edge: what POST …/predictions, the tag routes and GET
// …/evaluation take. A prediction's result is the annotation result format, whose entries may carry a `score`;
// it is checked against the project's tasks and the item by the service (annotationResultSchema).
import { z } from "zod";
import { documentedResult } from "./annotation";

/** Name or version of a model, as a team writes them ("whisper-small", "2024-06-01 fine-tune 3"). */
const modelText = (what: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `the model's ${what} cannot be empty` })
    .max(200)
    .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), { error: `the model's ${what} cannot hold control characters` });

export const modelRefSchema = z
  .object({
    name: modelText("name"),
    version: modelText("version"),
    /** The `sha256` of the manifest of the Concord export the model was trained on. */
    trainingExport: z
      .string()
      .regex(/^[0-9a-f]{64}$/, { error: "trainingExport is an export's manifest sha256 (64 hex digits)" })
      .optional(),
  })
  .strict();
export type ModelRef = z.output<typeof modelRefSchema>;

const modelNameSchema = z.object({ name: modelText("name"), version: modelText("version") }).strict();

/** PUT …/model-settings: each part left out stays as it is; null turns it off. */
export const modelSettingsSchema = z
  .object({
    /** The workspace starts from this model version's prediction; holdOutPercent of each labeler's items do not. */
    preannotation: z.object({ model: modelNameSchema, holdOutPercent: z.int().min(0).max(100).default(20) }).strict().nullable().optional(),
    /** Fresh items this model version is least sure of first; with `against`, those the two disagree on most. */
    queueOrder: z.object({ model: modelNameSchema, against: modelNameSchema.optional() }).strict().nullable().optional(),
  })
  .strict();
export type ModelSettingsInput = z.output<typeof modelSettingsSchema>;

/** Most predictions one request carries: a larger set is sent in parts (the CLI sends 1,000 at a time). */
export const MAX_PREDICTIONS_PER_REQUEST = 5000;

export const predictionSchema = z
  .object({
    /** The item's id, or its original file name when that names one item of the project. */
    item: z.string().trim().min(1).max(1000),
    result: documentedResult("The model's answer in the annotation result format; each entry may add `score` (0–1)."),
    /** The model's confidence in its answer for the whole item, 0–1 (else the lowest of its entries' scores). */
    score: z.number().min(0).max(1).optional(),
  })
  .strict();
export type PredictionInput = z.output<typeof predictionSchema>;

export const predictionsImportSchema = z
  .object({
    model: modelRefSchema,
    predictions: z.array(z.unknown()).min(1, { error: "no predictions to import" }).max(MAX_PREDICTIONS_PER_REQUEST, {
      error: `at most ${MAX_PREDICTIONS_PER_REQUEST} predictions a request; send more in parts`,
    }),
  })
  .strict();

export interface PredictionsImportReport {
  model: { id: string; name: string; version: string };
  imported: number;
  rejected: { item: string; reason: string }[];
}

/** A short phrase as people type it (a tag, a watch-list term): spaces collapsed, at most 100 characters, no control characters. */
const typedPhrase = (what: string) =>
  z
    .string()
    .transform((phrase) => phrase.trim().replace(/\s+/g, " "))
    .pipe(
      z
        .string()
        .min(1, { error: `a ${what} cannot be empty` })
        .max(100, { error: `a ${what} has at most 100 characters` })
        .refine((phrase) => !/[\u0000-\u001f\u007f]/.test(phrase), { error: `a ${what} cannot hold control characters` }),
    );

export const tagNameSchema = typedPhrase("tag");

export const addTagsSchema = z.object({ tags: z.array(tagNameSchema).min(1, { error: "name at least one tag" }).max(20) }).strict();

/** POST …/tags/from-metadata: tag every item whose metadata[key] is exactly `value` (a text, number, yes/no or null). */
export const tagFromMetadataSchema = z
  .object({
    key: z.string().min(1, { error: "name the metadata key" }).max(200),
    value: z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
    tag: tagNameSchema,
  })
  .strict();
export type TagFromMetadata = z.output<typeof tagFromMetadataSchema>;
export const tagFromMetadataStartedSchema = tagFromMetadataSchema.extend({ status: z.literal("queued") });

export const tagDescriptionSchema = z.object({ name: tagNameSchema, description: z.string().max(2000) }).strict();

/** Most terms a project's watch list holds. */
export const MAX_WATCH_LIST_TERMS = 500;

/** PUT …/watch-list: the whole list; repeats (ignoring case) are kept once. */
export const watchListSchema = z
  .object({ terms: z.array(typedPhrase("watch-list term")).max(MAX_WATCH_LIST_TERMS, { error: `a watch list holds at most ${MAX_WATCH_LIST_TERMS} terms` }) })
  .strict();
export type WatchList = z.output<typeof watchListSchema>;

/** Joins the metadata keys of a crossed slicing in `by` and `slices`: meta.gender*meta.accent. */
export const CROSS_KEYS = "*";
/** Most keys one slicing crosses, and most slicings an audit asks for. */
export const MAX_CROSSED_KEYS = 3;
export const MAX_AUDIT_SLICINGS = 5;

const metaKey = "meta\\.[^*,\\u0000]{1,200}";
const crossedSlicing = new RegExp(`^${metaKey}(\\*${metaKey}){0,${MAX_CROSSED_KEYS - 1}}$`);

/**
 * How an evaluation's figures are sliced: by one metadata key's values, by the combinations of up to three keys' values
 * (meta.gender*meta.accent), or by tag. A key holding "*" or "," can be sliced by alone but not crossed.
 */
export const sliceBySchema = z
  .string()
  .refine((by) => by === "tags" || /^meta\.[^\u0000]{1,200}$/.test(by) || crossedSlicing.test(by), {
    error: `by is meta.<key>, up to ${MAX_CROSSED_KEYS} keys crossed (meta.<a>*meta.<b>), or tags`,
  })
  .optional();

/** The audit's slicings: comma-separated, each meta.<key>, keys crossed with "*", or tags. */
const auditSlicesSchema = z
  .string()
  .transform((slices) => slices.split(",").map((slicing) => slicing.trim()).filter(Boolean))
  .pipe(
    z
      .array(
        z.string().refine((slicing) => slicing === "tags" || crossedSlicing.test(slicing), {
          error: `each slicing is meta.<key>, up to ${MAX_CROSSED_KEYS} keys crossed with * (meta.accent*meta.device), or tags`,
        }),
      )
      .max(MAX_AUDIT_SLICINGS, { error: `at most ${MAX_AUDIT_SLICINGS} slicings` }),
  )
  .transform((slicings) => [...new Set(slicings)]);

export const evaluationQuerySchema = z
  .object({
    model: modelText("name"),
    version: modelText("version").optional(),
    task: z.string().min(1).max(100).optional(),
    by: sliceBySchema,
    format: z.enum(["json", "csv"]).default("json"),
  })
  .strict();
export type EvaluationQuery = z.output<typeof evaluationQuerySchema>;

export const auditQuerySchema = z
  .object({
    model: modelText("name"),
    version: modelText("version").optional(),
    task: z.string().min(1).max(100).optional(),
    slices: auditSlicesSchema.default([]),
  })
  .strict();
export type AuditQuery = z.output<typeof auditQuerySchema>;

/** GET …/model-errors: a page of a model version's items from its latest evaluation of a task, errors unless said. */
export const modelErrorsQuerySchema = z
  .object({
    model: modelText("name"),
    version: modelText("version").optional(),
    task: z.string().min(1).max(100).optional(),
    /** The last item id of the previous page. */
    cursor: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    outcome: z.enum(["error", "correct", "all"]).default("error"),
    /** Only items with this tag. */
    tag: tagNameSchema.optional(),
    /** 1: only items without any tag (what is left to tag). */
    untagged: z.literal("1").optional(),
  })
  .strict();
export type ModelErrorsQuery = z.output<typeof modelErrorsQuerySchema>;

// Responses, for the OpenAPI document.
export const modelListSchema = z.object({
  models: z.array(
    z.object({ id: z.string(), name: z.string(), version: z.string(), trainingExport: z.string().nullable(), predictions: z.number().int(), createdAt: z.string() }),
  ),
});
export const predictionsImportReportSchema = z.object({
  model: z.object({ id: z.string(), name: z.string(), version: z.string() }),
  imported: z.number().int(),
  rejected: z.array(z.object({ item: z.string(), reason: z.string() })),
});
export const tagSummarySchema = z.object({ name: z.string(), description: z.string(), items: z.number().int() });
export const tagListSchema = z.object({ tags: z.array(tagSummarySchema) });
export const itemTagsSchema = z.object({ tags: z.array(z.string()) });

const figure = z.number().nullable();
const interval = z.tuple([z.number(), z.number()]).nullable();
const figures = { items: z.number().int(), accuracy: figure, hlp: figure, gap: figure, interval: z.object({ accuracy: interval, hlp: interval, gap: interval }) };
/** GET …/evaluation once computed: the figures of lib/evaluation's report, with the model and when it was computed. */
export const evaluationSchema = z
  .object({
    model: z.object({ name: z.string(), version: z.string(), trainingExport: z.string().nullable() }),
    task: z.string(),
    taskType: z.string(),
    measure: z.string().meta({ description: 'What "accuracy" and "hlp" measure: accuracy, matched F1 at IoU 0.5, segment F1, or 1 − WER.' }),
    by: z.string().nullable(),
    computedAt: z.string(),
    overall: z.object(figures).loose(),
    perClass: z.record(z.string(), z.object({ precision: figure, recall: figure, f1: figure, support: z.number().int() }).loose()),
    labelers: z.array(z.object({ labeler: z.string(), items: z.number().int(), accuracy: figure })),
    slices: z.array(z.object({ key: z.string(), value: z.string(), share: z.number(), gapTimesShare: figure, ...figures })),
    leftOut: z.number().int(),
    leftOutReasons: z.object({ noFinalLabel: z.number().int(), noPrediction: z.number().int() }),
  })
  .loose();
const modelNameView = z.object({ name: z.string(), version: z.string() });
const anchoringGroup = z.object({ answers: z.number().int(), agreement: z.number().nullable() });
export const modelSettingsViewSchema = z.object({
  preannotation: z.object({ model: modelNameView, holdOutPercent: z.number().int() }).nullable(),
  queueOrder: z.object({ model: modelNameView, against: modelNameView.nullable() }).nullable(),
  anchoring: z.object({ shown: anchoringGroup, heldOut: anchoringGroup }).nullable(),
});

/** GET …/evaluation while its job is queued or running. */
export const evaluationPendingSchema = z.object({
  status: z.enum(["queued", "running"]),
  task: z.string(),
  by: z.string().nullable(),
  requestedAt: z.string(),
  previous: evaluationSchema.nullable(),
  lastError: z.string().nullable(),
}).loose();

const watchListFigures = z.array(z.object({ term: z.string(), predictions: z.number().int(), items: z.array(z.string()).meta({ description: "The first items (at most 10) that hit the term" }) }));
/** GET …/audit once every evaluation it combines is up to date. */
export const auditSchema = z
  .object({
    model: z.object({ name: z.string(), version: z.string(), trainingExport: z.string().nullable() }),
    task: z.string(),
    taskType: z.string(),
    measure: z.string(),
    computedAt: z.string().meta({ description: "When the oldest of the evaluations it combines was computed" }),
    overall: z.object(figures).loose(),
    slicings: z.array(
      z.object({
        by: z.string(),
        slices: z.number().int().meta({ description: "How many slices the slicing has; worst keeps the 50 worst" }),
        worst: z.array(
          z.object({ key: z.string(), value: z.string(), share: z.number(), gapTimesShare: figure, gapToOverall: figure.meta({ description: "overall accuracy − the slice's" }), ...figures }),
        ),
      }),
    ),
    rareClasses: z.array(z.object({ label: z.string(), precision: figure, recall: figure, f1: figure, support: z.number().int(), share: z.number() }).loose()),
    watchList: watchListFigures,
  })
  .loose();

/** GET …/audit while any evaluation it combines is queued or running. */
export const auditPendingSchema = z.object({
  status: z.enum(["queued", "running"]),
  task: z.string(),
  pending: z.array(z.string().nullable()).meta({ description: "The slicings still computing (null: the unsliced evaluation)" }),
}).loose();

/** A judgement's free text ("easy", "3", "needs new data"): short, one line. */
const judgementText = (what: string) =>
  z
    .string()
    .trim()
    .max(200, { error: `${what} has at most 200 characters` })
    .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), { error: `${what} cannot hold control characters` });

/** PUT …/slice-judgements: how easy a slice is to improve and how much it matters, as the team judges them. */
export const sliceJudgementSchema = z
  .object({
    /** The slicing: "tags" or "meta.<key>", as GET …/evaluation's `by`. */
    sliceKey: sliceBySchema.unwrap(),
    value: z.string().max(2000).refine((text) => !text.includes("\u0000"), { error: "value cannot hold NUL" }),
    ease: judgementText("ease").default(""),
    importance: judgementText("importance").default(""),
  })
  .strict();
export type SliceJudgementInput = z.output<typeof sliceJudgementSchema>;

export const sliceJudgementQuerySchema = z.object({ sliceKey: sliceBySchema.unwrap() }).strict();

export const sliceJudgementViewSchema = z.object({ sliceKey: z.string(), value: z.string(), ease: z.string(), importance: z.string(), updatedAt: z.string() });
export const sliceJudgementListSchema = z.object({ judgements: z.array(sliceJudgementViewSchema) });
