import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { reviewSessionItems } from "@/lib/server/review";

export const GET = authenticated<{ projectId: string; sessionId: string }>(async ({ caller, params }) => NextResponse.json(await reviewSessionItems(caller, params.projectId, params.sessionId)));
