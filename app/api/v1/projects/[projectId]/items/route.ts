import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { listItems } from "@/lib/server/items";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params, request }) =>
  NextResponse.json(await listItems(caller, params.projectId, new URL(request.url).searchParams, request.signal)),
);
