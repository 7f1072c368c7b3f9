import { NextResponse } from "next/server";
import { createApiToken, listApiTokens } from "@/lib/server/api-tokens";
import { authenticated, jsonBody } from "@/lib/server/api/handler";

export const GET = authenticated(async ({ caller }) => NextResponse.json({ tokens: await listApiTokens(caller.user.id) }));

export const POST = authenticated(async ({ caller, request }) => {
  const created = await createApiToken(caller, (await jsonBody(request)) as { name: string });
  return NextResponse.json(created, { status: 201 });
});
