import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { acknowledgeGuidelines } from "@/lib/server/guidelines";
import { acknowledgeGuidelinesSchema } from "@/lib/validation/guidelines";
import { parseInput } from "@/lib/validation/parse";

export const POST = authenticated<{ projectId: string }>(async ({ caller, params, request }) => {
  const { version } = parseInput(acknowledgeGuidelinesSchema, await jsonBody(request));
  return NextResponse.json(await acknowledgeGuidelines(caller, params.projectId, version));
});
