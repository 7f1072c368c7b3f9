import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { listInvitations } from "@/lib/server/projects";

type Params = { projectId: string };

export const GET = authenticated<Params>(async ({ caller, params }) => NextResponse.json({ invitations: await listInvitations(caller, params.projectId) }));
