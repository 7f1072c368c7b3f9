import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { decideItem } from "@/lib/server/review";

export const POST = authenticated<{ itemId: string }>(async ({ caller, params, request }) => NextResponse.json(await decideItem(caller, params.itemId, await jsonBody(request)), { status: 201 }));
