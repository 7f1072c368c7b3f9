import { z } from "zod";
import { modelRefSchema } from "./predictions";
import { emailSchema } from "./users";

const flag = z.enum(["0", "1"]).default("0").transform((value) => value === "1");

/** POST /projects/{id}/imports?dryRun=&confirmNewLabelers=&partial=&predictionsVersion=&labelsBy=&labelsAs= */
export const importQuerySchema = z
  .object({
    /** 1: store nothing; say whom the `labelStudio` part's annotations would make labelers of the project. */
    dryRun: flag,
    /** 1: the manager agrees that the export's annotators who are not members become labelers. */
    confirmNewLabelers: flag,
    /** 1: an annotation with results Concord cannot take keeps the others (each left out is reported); 0: it is refused whole. */
    partial: flag,
    /** The model version the `labelStudio` part's predictions are imported as (else "imported <the day's date>"). */
    predictionsVersion: modelRefSchema.shape.version.optional(),
    /** The `labels` parts (COCO, YOLO or CVAT) are this member's annotations. */
    labelsBy: emailSchema.optional(),
    /** gold: the `labels` parts are gold labels, recorded as the importing manager's decisions. */
    labelsAs: z.literal("gold").optional(),
  })
  .strict();

/** The labelStudioUsers part or field: Label Studio user id (its export's numeric completed_by) → Concord email. */
export const annotatorMappingSchema = z.record(z.string().trim().min(1, { message: "a Label Studio user id is needed" }), emailSchema);
