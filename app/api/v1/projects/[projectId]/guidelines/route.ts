import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { guidelineStatus, listGuidelineVersions } from "@/lib/server/guidelines";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params }) => {
  const [versions, status] = await Promise.all([listGuidelineVersions(caller, params.projectId), guidelineStatus(caller, params.projectId)]);
  return NextResponse.json({ versions, status });
});
