import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { reviewQueue } from "@/lib/server/review";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params, request }) =>
  NextResponse.json(await reviewQueue(caller, params.projectId, new URL(request.url).searchParams)),
);
