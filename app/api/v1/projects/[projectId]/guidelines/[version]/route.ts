import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { guidelineVersion } from "@/lib/server/guidelines";
import { guidelineVersionParamsSchema } from "@/lib/validation/guidelines";
import { parseInput } from "@/lib/validation/parse";

export const GET = authenticated<{ projectId: string; version: string }>(async ({ caller, params }) => {
  const { version } = parseInput(guidelineVersionParamsSchema, params);
  return NextResponse.json(await guidelineVersion(caller, params.projectId, version));
});
