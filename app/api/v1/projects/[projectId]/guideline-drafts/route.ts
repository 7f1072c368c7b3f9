import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { createGuidelineDraft, listGuidelineDrafts } from "@/lib/server/guidelines";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params }) => NextResponse.json({ drafts: await listGuidelineDrafts(caller, params.projectId) }));

export const POST = authenticated<{ projectId: string }>(async ({ caller, params, request }) =>
  NextResponse.json(await createGuidelineDraft(caller, params.projectId, await jsonBody(request)), { status: 201 }),
);
