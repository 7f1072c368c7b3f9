import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { editGuidelineDraft } from "@/lib/server/guidelines";

export const PATCH = authenticated<{ projectId: string; draftId: string }>(async ({ caller, params, request }) =>
  NextResponse.json(await editGuidelineDraft(caller, params.projectId, params.draftId, await jsonBody(request))),
);
