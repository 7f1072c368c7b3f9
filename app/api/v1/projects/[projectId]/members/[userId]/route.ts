import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { changeMemberRole, removeMember } from "@/lib/server/projects";
import { memberRoleSchema } from "@/lib/validation/members";
import { parseInput } from "@/lib/validation/parse";

type Params = { projectId: string; userId: string };

export const PATCH = authenticated<Params>(async ({ caller, params, request }) => {
  const { role } = parseInput(memberRoleSchema, await jsonBody(request));
  return NextResponse.json(await changeMemberRole(caller, params.projectId, params.userId, role));
});

export const DELETE = authenticated<Params>(async ({ caller, params }) => {
  await removeMember(caller, params.projectId, params.userId);
  return new Response(null, { status: 204 });
});
