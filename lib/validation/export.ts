import { z } from "zod";

export const EXPORT_FORMATS = ["jsonl", "csv", "coco", "yolo", "label-studio", "asr-manifest", "segments-csv"] as const;

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
    standardized: z.enum(["0", "1"]).default("1").transform((value) => value === "1"),
    polygons: z.enum(["boxes", "segments"]).default("boxes"),
    per: z.enum(["clip", "segment"]).default("clip"),
  })
  .strict();
export type ExportQuery = z.output<typeof exportQuerySchema>;
