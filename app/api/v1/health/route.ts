import { NextResponse } from "next/server";
import { open } from "@/lib/server/api/handler";
import { currentTarget, db } from "@/lib/server/db/client";
import { mediaStorage } from "@/lib/server/media/store";
import type { Health } from "@/lib/validation/api";
import { CONCORD_VERSION } from "@/lib/version";

export const dynamic = "force-dynamic";

/** For load balancers: 200 when this instance can reach both its database and its media store, else 503. */
export const GET = open(async () => {
  const database = currentTarget().provider;
  const storage = await mediaStorage();
  const media = storage.location.startsWith("s3://") ? "s3" : "local";
  const [databaseCheck, mediaCheck] = await Promise.allSettled([db().$queryRaw`SELECT 1`, storage.check()]);
  const failures = [
    databaseCheck.status === "rejected" && { what: "The database cannot be reached.", error: databaseCheck.reason },
    mediaCheck.status === "rejected" && { what: `The media store (${storage.location}) cannot be reached.`, error: mediaCheck.reason },
  ].filter((failure) => failure !== false);
  if (!failures.length) return NextResponse.json<Health>({ status: "ok", database, media, version: CONCORD_VERSION });
  for (const { what, error } of failures) console.error(`[health] ${what}`, error);
  const message = failures.map((failure) => failure.what).join(" ");
  return NextResponse.json<Health>({ status: "error", database, media, version: CONCORD_VERSION, message }, { status: 503 });
});
