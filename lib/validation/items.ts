import { z } from "zod";

export const itemListQuerySchema = z
  .object({
    cursor: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    /** unlabeled: nobody has submitted; in_progress: some of the overlap; complete: the full overlap. */
    status: z.enum(["unlabeled", "in_progress", "complete"]).optional(),
  })
  .strict();
