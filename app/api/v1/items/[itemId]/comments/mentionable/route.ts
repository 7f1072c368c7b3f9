import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { mentionSuggestions } from "@/lib/server/discussions";

export const GET = authenticated<{ itemId: string }>(async ({ caller, params, request }) =>
  NextResponse.json(await mentionSuggestions(caller, params.itemId, new URL(request.url).searchParams.get("q") ?? "")),
);
