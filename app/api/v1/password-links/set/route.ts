import { NextResponse } from "next/server";
import { jsonBody, open } from "@/lib/server/api/handler";
import { requireSameOrigin } from "@/lib/server/api/request-guards";
import { clientIp } from "@/lib/server/auth/next-auth";
import { setPasswordWithLink } from "@/lib/server/password-links";

// Anyone holding a link may use it (its owner is not signed in yet), from Concord's own page or from a program.
export const POST = open(async (request) => {
  requireSameOrigin(request);
  return NextResponse.json(await setPasswordWithLink(await jsonBody(request), clientIp(request.headers.get("x-forwarded-for") ?? undefined)));
});
