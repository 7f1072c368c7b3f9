import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { describeTag, listTags } from "@/lib/server/tags";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params }) => NextResponse.json({ tags: await listTags(caller, params.projectId) }));

export const PUT = authenticated<{ projectId: string }>(async ({ caller, params, request }) => NextResponse.json(await describeTag(caller, params.projectId, await jsonBody(request))));
