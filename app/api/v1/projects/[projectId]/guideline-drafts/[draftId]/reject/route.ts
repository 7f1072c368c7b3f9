import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { rejectGuidelineDraft } from "@/lib/server/guidelines";

export const POST = authenticated<{ projectId: string; draftId: string }>(async ({ caller, params, request }) =>
  NextResponse.json(await rejectGuidelineDraft(caller, params.projectId, params.draftId, await jsonBody(request))),
);
