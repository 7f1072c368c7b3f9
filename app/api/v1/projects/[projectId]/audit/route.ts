import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { modelAudit } from "@/lib/server/models/audit";

/** 200 with the audit once every evaluation it combines is up to date; 202 while any is queued or running: ask again after Retry-After. */
export const GET = authenticated<{ projectId: string }>(async ({ caller, params, request }) => {
  const answer = await modelAudit(caller, params.projectId, Object.fromEntries(new URL(request.url).searchParams));
  if (answer.status !== "done") return NextResponse.json(answer, { status: 202, headers: { "Retry-After": "2" } });
  return NextResponse.json(answer.audit);
});
