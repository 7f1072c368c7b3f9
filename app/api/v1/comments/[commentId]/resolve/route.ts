import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { resolveTopic } from "@/lib/server/discussions";

export const POST = authenticated<{ commentId: string }>(async ({ caller, params, request }) => NextResponse.json(await resolveTopic(caller, params.commentId, await jsonBody(request))));
