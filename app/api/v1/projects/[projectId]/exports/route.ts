import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { listExports, startExportJob } from "@/lib/server/exports";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params }) => NextResponse.json({ exports: await listExports(caller, params.projectId) }));

export const POST = authenticated<{ projectId: string }>(async ({ caller, params, request }) => {
  const body = await jsonBody(request);
  // An empty field of the export form means "not set", as in GET …/export.
  const options = body && typeof body === "object" && !Array.isArray(body) ? Object.fromEntries(Object.entries(body).filter(([, value]) => value !== "")) : body;
  return NextResponse.json(await startExportJob(caller, params.projectId, options), { status: 202 });
});
