import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { createReviewSession, listReviewSessions } from "@/lib/server/review";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params }) => NextResponse.json({ sessions: await listReviewSessions(caller, params.projectId) }));

export const POST = authenticated<{ projectId: string }>(async ({ caller, params, request }) =>
  NextResponse.json(await createReviewSession(caller, params.projectId, await jsonBody(request)), { status: 201 }),
);
