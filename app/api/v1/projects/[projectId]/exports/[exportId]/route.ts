import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { cancelOrRemoveExport, getExport } from "@/lib/server/exports";

type Params = { projectId: string; exportId: string };

export const GET = authenticated<Params>(async ({ caller, params }) => NextResponse.json(await getExport(caller, params.projectId, params.exportId)));

export const DELETE = authenticated<Params>(async ({ caller, params }) => {
  const cancelled = await cancelOrRemoveExport(caller, params.projectId, params.exportId);
  return cancelled ? NextResponse.json(cancelled) : new Response(null, { status: 204 });
});
