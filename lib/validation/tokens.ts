import { z } from "zod";

export const newTokenSchema = z.object({
  name: z.string().trim().min(1, { message: "Give the token a name, e.g. the script that uses it." }).max(80),
});
