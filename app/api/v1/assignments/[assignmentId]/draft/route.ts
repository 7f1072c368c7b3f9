import { NextResponse } from "next/server";
import { saveDraft } from "@/lib/server/annotations";
import { authenticated, jsonBody } from "@/lib/server/api/handler";

export const PUT = authenticated<{ assignmentId: string }>(async ({ caller, params, request }) =>
  NextResponse.json(await saveDraft(caller, params.assignmentId, await jsonBody(request))),
);
