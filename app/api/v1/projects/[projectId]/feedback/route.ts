import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { labelerFeedback } from "@/lib/server/feedback";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params }) => NextResponse.json(await labelerFeedback(caller, params.projectId)));
