import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { markInboxRead } from "@/lib/server/discussions";

export const POST = authenticated(async ({ caller, request }) => NextResponse.json(await markInboxRead(caller, await jsonBody(request))));
