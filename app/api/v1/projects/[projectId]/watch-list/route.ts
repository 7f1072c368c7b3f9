import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { projectWatchList, updateWatchList } from "@/lib/server/models/watch-list";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params }) => NextResponse.json(await projectWatchList(caller, params.projectId)));

export const PUT = authenticated<{ projectId: string }>(async ({ caller, params, request }) =>
  NextResponse.json(await updateWatchList(caller, params.projectId, await jsonBody(request))),
);
