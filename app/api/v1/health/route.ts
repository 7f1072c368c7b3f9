import { NextResponse } from "next/server";
import { open } from "@/lib/server/api/handler";
import { currentTarget, db } from "@/lib/server/db/client";
import type { Health } from "@/lib/validation/api";
import { CONCORD_VERSION } from "@/lib/version";

export const dynamic = "force-dynamic";

export const GET = open(async () => {
  const database = currentTarget().provider;
  try {
    await db().$queryRaw`SELECT 1`;
    return NextResponse.json<Health>({ status: "ok", database, version: CONCORD_VERSION });
  } catch (error) {
    console.error("[health] database check failed", error);
    return NextResponse.json<Health>({ status: "error", database, version: CONCORD_VERSION, message: "The database cannot be reached." }, { status: 503 });
  }
});
