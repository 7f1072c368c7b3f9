import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { listCallerInvitations } from "@/lib/server/invitations";

export const GET = authenticated(async ({ caller }) => NextResponse.json({ invitations: await listCallerInvitations(caller) }));
