import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { nextAssignment } from "@/lib/server/assignments";

export const POST = authenticated<{ projectId: string }>(async ({ caller, params }) => {
  const lease = await nextAssignment(caller, params.projectId);
  return lease ? NextResponse.json(lease) : new Response(null, { status: 204 });
});
