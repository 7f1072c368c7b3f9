import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { addMember, addMembers, listMembers } from "@/lib/server/projects";
import { newMemberSchema, newMembersSchema } from "@/lib/validation/members";
import { parseInput } from "@/lib/validation/parse";

type Params = { projectId: string };

export const GET = authenticated<Params>(async ({ caller, params }) => NextResponse.json({ members: await listMembers(caller, params.projectId) }));

export const POST = authenticated<Params>(async ({ caller, params, request }) => {
  const body = await jsonBody(request);
  // A list of emails is added at once, each reported; one email answers as before.
  if (typeof body === "object" && body !== null && "emails" in body) {
    return NextResponse.json({ results: await addMembers(caller, params.projectId, parseInput(newMembersSchema, body)) });
  }
  const added = await addMember(caller, params.projectId, parseInput(newMemberSchema, body));
  return NextResponse.json(added, { status: added.status === "updated" ? 200 : 201 });
});
