import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { removeItemTag } from "@/lib/server/tags";

export const DELETE = authenticated<{ itemId: string; tag: string }>(async ({ caller, params }) => NextResponse.json(await removeItemTag(caller, params.itemId, params.tag)));
