import { NextResponse } from "next/server";
import { projectAgreement } from "@/lib/server/agreement";
import { authenticated } from "@/lib/server/api/handler";
import { agreementQuerySchema } from "@/lib/validation/items";
import { parseInput } from "@/lib/validation/parse";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params, request }) => {
  const { standardized } = parseInput(agreementQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(await projectAgreement(caller, params.projectId, { standardized }));
});
