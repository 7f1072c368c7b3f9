import { NextResponse } from "next/server";
import { submitAnnotation } from "@/lib/server/annotations";
import { authenticated, jsonBody } from "@/lib/server/api/handler";

export const POST = authenticated<{ assignmentId: string }>(async ({ caller, params, request }) =>
  NextResponse.json(await submitAnnotation(caller, params.assignmentId, await jsonBody(request), request.headers.get("user-agent")), { status: 201 }),
);
