// Shapes of /api/v1 responses: the OpenAPI document is built from these, and clients infer types from them.
import { z } from "zod";
import { taskSchema } from "./project";
import { projectRoleSchema } from "./users";

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(["bad_request", "unauthorized", "forbidden", "not_found", "conflict", "rate_limited", "internal"]),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const healthSchema = z.object({
  status: z.enum(["ok", "error"]),
  database: z.enum(["sqlite", "postgresql"]),
  version: z.string(),
  message: z.string().optional(),
});
export type Health = z.infer<typeof healthSchema>;

export const projectSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  mediaKind: z.enum(["image", "audio"]),
  role: projectRoleSchema,
  itemCount: z.int(),
  memberCount: z.int(),
  createdAt: z.iso.datetime(),
});
export const projectListSchema = z.object({ projects: z.array(projectSummarySchema) });
export type ProjectList = z.infer<typeof projectListSchema>;

export const apiTokenSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenSummarySchema) });
export const createdApiTokenSchema = z.object({
  token: z.string().describe("The secret: shown this once, never again."),
  summary: apiTokenSummarySchema,
});

export const projectDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  mediaKind: z.enum(["image", "audio"]),
  overlap: z.int(),
  maxOverlap: z.int(),
  tasks: z.array(taskSchema),
  guidelines: z.object({ version: z.int(), body: z.string(), createdAt: z.iso.datetime() }).nullable(),
  role: projectRoleSchema,
  itemCount: z.int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: projectRoleSchema,
  since: z.iso.datetime(),
});
export const memberListSchema = z.object({ members: z.array(memberSchema) });
