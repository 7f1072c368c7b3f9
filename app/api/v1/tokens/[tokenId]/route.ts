import { NextResponse } from "next/server";
import { revokeApiToken } from "@/lib/server/api-tokens";
import { authenticated } from "@/lib/server/api/handler";

export const DELETE = authenticated<{ tokenId: string }>(async ({ caller, params }) =>
  NextResponse.json(await revokeApiToken(caller, params.tokenId)),
);
