import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { nextAssignment } from "@/lib/server/assignments";
import { nextQuerySchema } from "@/lib/validation/assignments";
import { parseInput } from "@/lib/validation/parse";

export const POST = authenticated<{ projectId: string }>(async ({ caller, params, request }) => {
  const { ahead } = parseInput(nextQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const lease = await nextAssignment(caller, params.projectId, { ahead });
  return lease ? NextResponse.json(lease) : new Response(null, { status: 204 });
});
