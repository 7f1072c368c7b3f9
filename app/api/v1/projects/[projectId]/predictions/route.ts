import { NextResponse } from "next/server";
import { authenticated, contentType, JSON_LINES_TYPES, jsonBody, jsonLinesBody } from "@/lib/server/api/handler";
import { listModels } from "@/lib/server/models/models";
import { importPredictions } from "@/lib/server/models/predictions";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params }) => NextResponse.json({ models: await listModels(caller, params.projectId) }));

/** JSON `{model, predictions}`, or JSON Lines of predictions with the model named in the query (?model=&version=). */
export const POST = authenticated<{ projectId: string }>(async ({ caller, params, request }) => {
  let body: unknown;
  if (JSON_LINES_TYPES.includes(contentType(request) ?? "")) {
    const query = new URL(request.url).searchParams;
    const model = { name: query.get("model") ?? "", version: query.get("version") ?? "", ...(query.has("trainingExport") ? { trainingExport: query.get("trainingExport") } : {}) };
    body = { model, predictions: await jsonLinesBody(request) };
  } else body = await jsonBody(request);
  return NextResponse.json(await importPredictions(caller, params.projectId, body));
});
