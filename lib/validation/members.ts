import { z } from "zod";
import { emailSchema, projectRoleSchema } from "./users";

export const newMemberSchema = z.object({ email: emailSchema, role: projectRoleSchema }).strict();
export const memberRoleSchema = z.object({ role: projectRoleSchema }).strict();

/** The most emails one request adds, so one transaction stays short. */
export const MAX_MEMBERS_AT_ONCE = 500;

export const newMembersSchema = z
  .object({
    emails: z
      .array(z.string().max(50_000))
      .min(1, { message: "Paste at least one email." })
      .max(MAX_MEMBERS_AT_ONCE, { message: `At most ${MAX_MEMBERS_AT_ONCE} emails at once.` })
      .describe("Emails, or `Name <email>` entries; an entry may hold several separated by commas, spaces or new lines"),
    role: projectRoleSchema,
  })
  .strict();
export type NewMembers = z.infer<typeof newMembersSchema>;
