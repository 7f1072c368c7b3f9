import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { addItemTags } from "@/lib/server/tags";

export const POST = authenticated<{ itemId: string }>(async ({ caller, params, request }) => NextResponse.json(await addItemTags(caller, params.itemId, await jsonBody(request))));
