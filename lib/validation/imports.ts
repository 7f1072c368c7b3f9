import { z } from "zod";

const flag = z.enum(["0", "1"]).default("0").transform((value) => value === "1");

/** POST /projects/{id}/imports?dryRun=&confirmNewLabelers= */
export const importQuerySchema = z
  .object({
    /** 1: store nothing; say whom the `labelStudio` part's annotations would make labelers of the project. */
    dryRun: flag,
    /** 1: the manager agrees that the export's annotators who are not members become labelers. */
    confirmNewLabelers: flag,
  })
  .strict();
