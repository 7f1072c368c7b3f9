// The OpenAPI 3.1 description of /api/v1, built from the same zod schemas the handlers use.
import { z } from "zod";
import {
  apiTokenListSchema,
  apiTokenSummarySchema,
  createdApiTokenSchema,
  errorBodySchema,
  healthSchema,
  projectListSchema,
} from "@/lib/validation/api";
import { newTokenSchema } from "@/lib/validation/tokens";

type Schema = z.ZodType;

function json(schema: Schema, description: string) {
  return { description, content: { "application/json": { schema: z.toJSONSchema(schema, { io: "output" }) } } };
}

const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), json(errorBodySchema, ERROR_TEXT[code] ?? "Error")]));

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input; the message names the first offending field.",
  401: "No valid session or API token.",
  403: "The caller's role does not allow this.",
  404: "Not found, or not visible to the caller.",
};

const secured = [{ bearerToken: [] }, { sessionCookie: [] }];

export function openApiDocument(version: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Concord API",
      version,
      description: "Send a personal API token as `Authorization: Bearer <token>` (create one with `npm run -s concord -- token create`).",
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "Personal API token (cnc_…)" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
    },
    paths: {
      "/health": {
        get: {
          summary: "Liveness and database check",
          security: [],
          responses: { "200": json(healthSchema, "Up"), "503": json(healthSchema, "The database cannot be reached") },
        },
      },
      "/projects": {
        get: {
          summary: "The caller's projects (administrators: all projects)",
          security: secured,
          responses: { "200": json(projectListSchema, "Projects"), ...errors(401) },
        },
      },
      "/tokens": {
        get: { summary: "The caller's API tokens", security: secured, responses: { "200": json(apiTokenListSchema, "Tokens"), ...errors(401) } },
        post: {
          summary: "Create an API token",
          security: secured,
          requestBody: { required: true, content: { "application/json": { schema: z.toJSONSchema(newTokenSchema, { io: "input" }) } } },
          responses: { "201": json(createdApiTokenSchema, "Created; the secret is in `token`"), ...errors(400, 401) },
        },
      },
      "/tokens/{tokenId}": {
        delete: {
          summary: "Revoke one of the caller's API tokens",
          security: secured,
          parameters: [{ name: "tokenId", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": json(apiTokenSummarySchema, "Revoked"), ...errors(401, 404) },
        },
      },
    },
  };
}
