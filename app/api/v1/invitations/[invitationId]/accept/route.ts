import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { acceptInvitation } from "@/lib/server/invitations";

export const POST = authenticated<{ invitationId: string }>(async ({ caller, params }) => NextResponse.json(await acceptInvitation(caller, params.invitationId)));
