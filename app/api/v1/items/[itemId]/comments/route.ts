import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { itemThread, postComment } from "@/lib/server/discussions";

export const GET = authenticated<{ itemId: string }>(async ({ caller, params }) => NextResponse.json(await itemThread(caller, params.itemId)));

export const POST = authenticated<{ itemId: string }>(async ({ caller, params, request }) => NextResponse.json(await postComment(caller, params.itemId, await jsonBody(request)), { status: 201 }));
