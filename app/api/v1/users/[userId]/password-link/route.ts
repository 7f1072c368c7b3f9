import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { makePasswordLink, setPasswordPath } from "@/lib/server/password-links";

type Params = { userId: string };

export const POST = authenticated<Params>(async ({ caller, params }) => {
  const link = await makePasswordLink(caller, params.userId);
  return NextResponse.json({ ...link, path: setPasswordPath(link.token) }, { status: 201 });
});
