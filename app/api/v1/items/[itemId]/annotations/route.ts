import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { itemAnnotations } from "@/lib/server/annotations";

export const GET = authenticated<{ itemId: string }>(async ({ caller, params }) => NextResponse.json({ annotations: await itemAnnotations(caller, params.itemId) }));
