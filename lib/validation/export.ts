import { z } from "zod";

export const EXPORT_FORMATS = ["jsonl", "csv", "coco", "yolo", "label-studio", "asr-manifest", "segments-csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The formats that carry every labeler's annotation (`labels=all`); the others write one label per item. */
export const ALL_ANNOTATIONS_FORMATS: readonly ExportFormat[] = ["jsonl", "label-studio"];

/** The query of an export: format, which labels, which items, split, and format options. */
export const exportQuerySchema = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    /** final: gold where decided, else the accepted consensus; consensus; gold; all: every labeler's annotation (JSONL, Label Studio). */
    labels: z.enum(["final", "consensus", "gold", "all"]).default("final"),
    /** Items beyond the accepted and resolved ones: "unresolved" (open, escalated, flagged) and/or "excluded". */
    include: z
      .string()
      .regex(/^(unresolved|excluded)(,(unresolved|excluded))?$/, { message: 'use "unresolved", "excluded" or both, comma-separated' })
      .optional(),
    /** Train/dev/test ratios, e.g. 70,15,15. */
    split: z.string().optional(),
    seed: z.coerce.number().int().min(0).max(2 ** 32 - 1).default(0),
    /** A metadata key whose values never straddle two splits (e.g. speaker). */
    groupBy: z.string().min(1).optional(),
    /**
     * 1: the project's standardization rules applied to every label, labelers' annotations too; 0: to none. Unset:
     * to the final, consensus and gold labels only, so that each labeler's annotation leaves as they submitted it.
     */
    standardized: z
      .enum(["0", "1"])
      .optional()
      .transform((value) => (value === undefined ? undefined : value === "1")),
    polygons: z.enum(["boxes", "segments"]).default("boxes"),
    per: z.enum(["clip", "segment"]).default("clip"),
  })
  .strict()
  .refine((query) => query.labels !== "all" || ALL_ANNOTATIONS_FORMATS.includes(query.format), {
    path: ["labels"],
    message: `"all" (every labeler's annotation) is only for ${ALL_ANNOTATIONS_FORMATS.join(" and ")}; this format writes one label per item: use final, consensus or gold`,
  });
export type ExportQuery = z.output<typeof exportQuerySchema>;

/** Whether the final, consensus and gold labels are standardized (unless standardized=0). */
export const standardizesFinalLabels = (query: ExportQuery) => query.standardized !== false;
/** Whether each labeler's annotation is standardized (only on standardized=1). */
export const standardizesAnnotations = (query: ExportQuery) => query.standardized === true;
