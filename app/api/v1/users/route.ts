import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { inviteUser, setPasswordPath } from "@/lib/server/password-links";
import { parseInput } from "@/lib/validation/parse";
import { invitedUserSchema } from "@/lib/validation/users";

export const POST = authenticated(async ({ caller, request }) => {
  const { user, link } = await inviteUser(caller, parseInput(invitedUserSchema, await jsonBody(request)));
  return NextResponse.json({ user, link: { ...link, path: setPasswordPath(link.token) } }, { status: 201 });
});
