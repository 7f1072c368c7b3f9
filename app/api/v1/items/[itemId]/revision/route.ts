import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { openRevision } from "@/lib/server/relabeling";

export const POST = authenticated<{ itemId: string }>(async ({ caller, params }) => NextResponse.json(await openRevision(caller, params.itemId)));
