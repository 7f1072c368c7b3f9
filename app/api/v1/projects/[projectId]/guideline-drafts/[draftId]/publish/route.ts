import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { publishGuidelineDraft } from "@/lib/server/guidelines";

export const POST = authenticated<{ projectId: string; draftId: string }>(async ({ caller, params }) =>
  NextResponse.json(await publishGuidelineDraft(caller, params.projectId, params.draftId)),
);
