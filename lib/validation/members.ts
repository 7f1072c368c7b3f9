import { z } from "zod";
import { emailSchema, projectRoleSchema } from "./users";

export const newMemberSchema = z.object({ email: emailSchema, role: projectRoleSchema }).strict();
export const memberRoleSchema = z.object({ role: projectRoleSchema }).strict();
