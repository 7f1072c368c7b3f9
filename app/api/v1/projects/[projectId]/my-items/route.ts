import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { myRecentItems } from "@/lib/server/relabeling";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params, request }) =>
  NextResponse.json(await myRecentItems(caller, params.projectId, new URL(request.url).searchParams)),
);
