import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { startTagFromMetadata } from "@/lib/server/tags";

/** 202: the job tagging the items whose metadata[key] is the value has started (it may take a while on a large project). */
export const POST = authenticated<{ projectId: string }>(async ({ caller, params, request }) =>
  NextResponse.json(await startTagFromMetadata(caller, params.projectId, await jsonBody(request)), { status: 202 }),
);
