import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { getItem } from "@/lib/server/items";

export const GET = authenticated<{ itemId: string }>(async ({ caller, params }) => NextResponse.json(await getItem(caller, params.itemId)));
