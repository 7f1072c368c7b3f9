import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { listInbox } from "@/lib/server/discussions";

export const GET = authenticated(async ({ caller, request }) => NextResponse.json(await listInbox(caller, new URL(request.url).searchParams)));
