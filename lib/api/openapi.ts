// The OpenAPI 3.1 description of /api/v1, built from the same zod schemas that validate requests and
// describe responses. Every route handler under app/api/v1 has an entry here (a test checks it).
import { z } from "zod";
import {
  apiTokenListSchema,
  apiTokenSummarySchema,
  createdApiTokenSchema,
  errorBodySchema,
  healthSchema,
  memberListSchema,
  memberSchema,
  projectDetailSchema,
  projectListSchema,
} from "@/lib/validation/api";
import { memberRoleSchema, newMemberSchema } from "@/lib/validation/members";
import { newProjectSchema, projectPatchSchema } from "@/lib/validation/project";
import { newTokenSchema } from "@/lib/validation/tokens";

type Method = "get" | "post" | "put" | "patch" | "delete";

interface Operation {
  summary: string;
  /** Anyone may call it (no session or token needed). */
  open?: boolean;
  body?: z.ZodType;
  /** Status → response schema, or null for an empty response. */
  responses: Record<number, z.ZodType | null>;
  /** The error statuses it can answer besides 401. */
  errors?: number[];
}

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input; the message names the first offending field.",
  401: "No valid session or API token.",
  403: "The caller's role does not allow this.",
  404: "Not found, or not visible to the caller.",
  409: "Conflicts with the current state; the message says how.",
  503: "A dependency (the database) is unavailable.",
};

const jsonSchema = (schema: z.ZodType, io: "input" | "output") => z.toJSONSchema(schema, { io, unrepresentable: "any" });
const jsonContent = (schema: z.ZodType, io: "input" | "output") => ({ "application/json": { schema: jsonSchema(schema, io) } });

export const OPERATIONS: Record<string, Partial<Record<Method, Operation>>> = {
  "/health": {
    get: { summary: "Liveness and database check", open: true, responses: { 200: healthSchema }, errors: [503] },
  },
  "/openapi.json": {
    get: { summary: "This document", open: true, responses: { 200: z.object({ openapi: z.string() }).loose() } },
  },
  "/projects": {
    get: { summary: "The caller's projects (administrators: all projects)", responses: { 200: projectListSchema } },
    post: { summary: "Create a project (administrators and managers)", body: newProjectSchema, responses: { 201: projectDetailSchema }, errors: [400, 403] },
  },
  "/projects/{projectId}": {
    get: { summary: "A project's configuration and the caller's role", responses: { 200: projectDetailSchema }, errors: [404] },
    patch: {
      summary: "Change a project (managers); new guidelines become a new guideline version",
      body: projectPatchSchema,
      responses: { 200: projectDetailSchema },
      errors: [400, 403, 404, 409],
    },
  },
  "/projects/{projectId}/members": {
    get: { summary: "A project's members", responses: { 200: memberListSchema }, errors: [404] },
    post: { summary: "Add a user by email with a role, or change their role (managers)", body: newMemberSchema, responses: { 201: memberSchema }, errors: [400, 403, 404, 409] },
  },
  "/projects/{projectId}/members/{userId}": {
    patch: { summary: "Change a member's role (managers)", body: memberRoleSchema, responses: { 200: memberSchema }, errors: [400, 403, 404, 409] },
    delete: { summary: "Remove a member (managers); the last manager cannot be removed", responses: { 204: null }, errors: [403, 404, 409] },
  },
  "/tokens": {
    get: { summary: "The caller's API tokens", responses: { 200: apiTokenListSchema } },
    post: { summary: "Create an API token; the secret is in `token`, shown this once", body: newTokenSchema, responses: { 201: createdApiTokenSchema }, errors: [400] },
  },
  "/tokens/{tokenId}": {
    delete: { summary: "Revoke one of the caller's API tokens", responses: { 200: apiTokenSummarySchema }, errors: [404] },
  },
};

function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));
}

function describe(path: string, operation: Operation) {
  const errorStatuses = [...(operation.open ? [] : [401]), ...(operation.errors ?? [])];
  return {
    summary: operation.summary,
    security: operation.open ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
    parameters: pathParameters(path),
    ...(operation.body ? { requestBody: { required: true, content: jsonContent(operation.body, "input") } } : {}),
    responses: {
      ...Object.fromEntries(
        Object.entries(operation.responses).map(([status, schema]) => [status, schema ? { description: "Success", content: jsonContent(schema, "output") } : { description: "Success, no content" }]),
      ),
      ...Object.fromEntries(errorStatuses.map((status) => [String(status), { description: ERROR_TEXT[status] ?? "Error", content: jsonContent(errorBodySchema, "output") }])),
    },
  };
}

export function openApiDocument(version: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Concord API",
      version,
      description: "Send a personal API token as `Authorization: Bearer <token>` (create one with `npm run -s concord -- token create`). Errors are `{\"error\": {\"code\", \"message\"}}`.",
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "Personal API token (cnc_…)" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
    },
    paths: Object.fromEntries(
      Object.entries(OPERATIONS).map(([path, methods]) => [path, Object.fromEntries(Object.entries(methods).map(([method, operation]) => [method, describe(path, operation)]))]),
    ),
  };
}
