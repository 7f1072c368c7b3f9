import { z } from "zod";
import { LABELS_CHOICES } from "@/lib/export/formats/format";
import { EXPORT_FORMAT_NAMES, EXPORT_FORMATS, exportFormat } from "@/lib/export/formats/registry";
import { parseSplit } from "@/lib/export/splits";
import { tagNameSchema } from "./predictions";

/** The formats that carry every labeler's annotation (`labels=all`); the others write one label per item. */
const ALL_ANNOTATIONS_FORMATS = EXPORT_FORMATS.filter((format) => format.labels.includes("all")).map((format) => format.name);
/** The CSV formats, whose text cells are guarded against spreadsheet formulas unless `csvFormulaGuard=0`. */
const CSV_FORMATS = EXPORT_FORMATS.filter((format) => format.options.includes("csvFormulaGuard")).map((format) => format.name);

/** "0" or "1" as false or true; unset stays unset (its default is decided where it applies, and the manifest shows only what was asked). */
const flag = z
  .enum(["0", "1"])
  .optional()
  .transform((value) => (value === undefined ? undefined : value === "1"));

/** The query of an export: format, which labels, which items, split, and format options. */
export const exportQuerySchema = z
  .object({
    format: z.enum(EXPORT_FORMAT_NAMES),
    /** final: gold where decided, else the accepted consensus; consensus; gold; all: every labeler's annotation (JSONL, Label Studio). */
    labels: z.enum(LABELS_CHOICES).default("final"),
    /** Items beyond the accepted and resolved ones: "unresolved" (open, escalated, flagged) and/or "excluded". */
    include: z
      .string()
      .regex(/^(unresolved|excluded)(,(unresolved|excluded))?$/, { message: 'use "unresolved", "excluded" or both, comma-separated' })
      .optional(),
    /** Only the items carrying this tag (of those the states exported). */
    tag: tagNameSchema.optional(),
    /** Train/dev/test ratios, e.g. 70,15,15: checked here, so that the export panel says what is wrong before sending. */
    split: z
      .string()
      .superRefine((text, context) => {
        try {
          parseSplit(text);
        } catch (error) {
          context.addIssue({ code: "custom", message: (error as Error).message });
        }
      })
      .optional(),
    seed: z.coerce.number().int().min(0).max(2 ** 32 - 1).default(0),
    /** A metadata key whose values never straddle two splits (e.g. speaker). */
    groupBy: z.string().min(1).optional(),
    /**
     * 1: the project's standardization rules applied to every label, labelers' annotations too; 0: to none. Unset:
     * to the final, consensus and gold labels only, so that each labeler's annotation leaves as they submitted it.
     */
    standardized: flag,
    polygons: z.enum(["boxes", "segments"]).default("boxes"),
    per: z.enum(["clip", "segment"]).default("clip"),
    /**
     * CSV formats: 1 (the default) writes a text cell a spreadsheet would run as a formula (=1+2, -2+3, @SUM(A1)) with a
     * leading '; 0 writes every cell as it is, for pipelines that read the CSV as data.
     */
    csvFormulaGuard: flag,
  })
  .strict()
  .refine((query) => exportFormat(query.format).labels.includes(query.labels), {
    path: ["labels"],
    message: `"all" (every labeler's annotation) is only for ${ALL_ANNOTATIONS_FORMATS.join(" and ")}; this format writes one label per item: use final, consensus or gold`,
  })
  .refine((query) => query.csvFormulaGuard === undefined || exportFormat(query.format).options.includes("csvFormulaGuard"), {
    path: ["csvFormulaGuard"],
    message: `csvFormulaGuard is for the CSV formats (${CSV_FORMATS.join(" and ")}); this format writes no spreadsheet cells`,
  });
export type ExportQuery = z.output<typeof exportQuerySchema>;

/** Whether the final, consensus and gold labels are standardized (unless standardized=0). */
export const standardizesFinalLabels = (query: ExportQuery) => query.standardized !== false;
/** Whether each labeler's annotation is standardized (only on standardized=1). */
export const standardizesAnnotations = (query: ExportQuery) => query.standardized === true;
