import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { modelSettings, updateModelSettings } from "@/lib/server/models/model-settings";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params }) => NextResponse.json(await modelSettings(caller, params.projectId)));

export const PUT = authenticated<{ projectId: string }>(async ({ caller, params, request }) =>
  NextResponse.json(await updateModelSettings(caller, params.projectId, await jsonBody(request))),
);
