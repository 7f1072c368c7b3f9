import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { addMember, listMembers } from "@/lib/server/projects";
import { newMemberSchema } from "@/lib/validation/members";
import { parseInput } from "@/lib/validation/parse";

type Params = { projectId: string };

export const GET = authenticated<Params>(async ({ caller, params }) => NextResponse.json({ members: await listMembers(caller, params.projectId) }));

export const POST = authenticated<Params>(async ({ caller, params, request }) => {
  const added = await addMember(caller, params.projectId, parseInput(newMemberSchema, await jsonBody(request)));
  return NextResponse.json(added, { status: added.status === "updated" ? 200 : 201 });
});
