import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exportQuerySchema } from "../validation/export";
import { OPERATIONS, openApiDocument } from "./openapi";

const API_DIR = path.resolve(import.meta.dirname, "../../app/api/v1");

/** Every route handler under app/api/v1 as "METHOD /path/{param}". */
function implementedOperations(dir = API_DIR, prefix = ""): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return implementedOperations(full, `${prefix}/${entry.replace(/^\[(\w+)\]$/, "{$1}")}`);
    if (entry !== "route.ts") return [];
    const source = readFileSync(full, "utf8");
    return [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map(([, method]) => `${method} ${prefix}`);
  });
}

describe("the OpenAPI document", () => {
  it("describes every route handler under /api/v1, and nothing that does not exist", () => {
    const documented = Object.entries(OPERATIONS).flatMap(([route, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${route}`));
    expect(documented.sort()).toEqual(implementedOperations().sort());
  });

  it("is OpenAPI 3.1 with JSON schemas for request bodies and responses", () => {
    const document = openApiDocument("1.2.3");
    expect(document.openapi).toBe("3.1.0");
    const createProject = document.paths["/projects"]?.post as { requestBody: { content: { "application/json": { schema: { required?: string[] } } } } };
    expect(createProject.requestBody.content["application/json"].schema.required).toEqual(expect.arrayContaining(["name", "mediaKind", "tasks"]));
    const member = document.paths["/projects/{projectId}/members/{userId}"]?.delete as { parameters: { name: string }[] };
    expect(member.parameters.map((parameter) => parameter.name)).toEqual(["projectId", "userId"]);
  });

  it("documents draftVersion as optional on draft saves and submits, and returns it with leases and saved drafts", () => {
    type Schema = { properties: Record<string, Schema & { description?: string }>; required?: string[] };
    const document = openApiDocument("1.2.3");
    const body = (path: string, method: "put" | "post") => (document.paths[path]?.[method] as { requestBody: { content: { "application/json": { schema: Schema } } } }).requestBody.content["application/json"].schema;
    const response = (path: string, method: "put" | "post") => (document.paths[path]?.[method] as { responses: Record<string, { content: { "application/json": { schema: Schema } } }> }).responses["200"]!.content["application/json"].schema;
    for (const [path, method] of [
      ["/assignments/{assignmentId}/draft", "put"],
      ["/assignments/{assignmentId}/submit", "post"],
    ] as const) {
      expect(body(path, method).properties.draftVersion?.description).toMatch(/Without it there is no check/);
      expect(body(path, method).required ?? []).not.toContain("draftVersion");
    }
    expect(response("/assignments/{assignmentId}/draft", "put").required).toContain("draftVersion");
    expect(response("/projects/{projectId}/next", "post").properties.assignment?.required).toContain("draftVersion");
  });

  it("issue 21: documents the annotation result format, from the schema that checks it, in submits and in the answers that carry results", () => {
    type Variant = { properties: { type: { const: string } }; required: string[] };
    type ResultSchema = { type: string; description: string; items: { oneOf?: Variant[]; anyOf?: Variant[] } };
    const document = openApiDocument("1.2.3");
    const submit = (document.paths["/assignments/{assignmentId}/submit"]?.post as unknown as { requestBody: { content: { "application/json": { schema: { properties: { result: ResultSchema } } } } } }).requestBody.content["application/json"].schema.properties.result;
    expect(submit.type).toBe("array");
    expect(submit.description).toMatch(/annotation result format/);
    const variants = submit.items.oneOf ?? submit.items.anyOf ?? [];
    expect(Object.fromEntries(variants.map((variant) => [variant.properties.type.const, [...variant.required].sort()]))).toEqual({
      classification: ["task", "type", "values"],
      bbox: ["height", "label", "task", "type", "width", "x", "y"],
      polygon: ["label", "points", "task", "type"],
      segment: ["end", "label", "start", "task", "type"],
      transcript: ["task", "text", "type"],
    });
    // Nowhere is a result documented as a list of anything any more.
    expect(JSON.stringify(document)).not.toMatch(/"result":\{"type":"array","items":\{\}/);
  });

  it("documents 415 and 413 on every JSON body, and 403 on every change, which a cookie from another origin gets (issue 19 #6, #11)", () => {
    const document = openApiDocument("1.2.3");
    const operations = Object.values(document.paths).flatMap((methods) => Object.entries(methods).map(([method, operation]) => ({ method, ...(operation as { requestBody?: { content: object }; responses: object }) })));
    const statuses = (operation: { responses: object }) => Object.keys(operation.responses);
    const jsonBodies = operations.filter((operation) => operation.requestBody && "application/json" in operation.requestBody.content);
    expect(jsonBodies.length).toBeGreaterThan(10);
    for (const operation of jsonBodies) expect(statuses(operation)).toEqual(expect.arrayContaining(["413", "415"]));
    const changes = operations.filter((operation) => operation.method !== "get");
    for (const operation of changes) expect(statuses(operation)).toContain("403");
    const upload = document.paths["/projects/{projectId}/imports"]?.post as { responses: object };
    expect(statuses(upload)).not.toContain("415");
  });

  it("documents every export option the export's schema takes", () => {
    const exportOperation = openApiDocument("1.2.3").paths["/projects/{projectId}/export"]?.get as { parameters: { name: string; in: string }[] };
    const documented = exportOperation.parameters.filter((parameter) => parameter.in === "query").map((parameter) => parameter.name);
    expect(documented.sort()).toEqual(Object.keys(exportQuerySchema.shape).sort());
  });
});
