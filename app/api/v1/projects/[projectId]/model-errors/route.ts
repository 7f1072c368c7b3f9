import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { modelErrors } from "@/lib/server/models/model-errors";

/** A page of a model version's errors (or all its items) from its latest evaluation of a task; 409 before one. */
export const GET = authenticated<{ projectId: string }>(async ({ caller, params, request }) =>
  NextResponse.json(await modelErrors(caller, params.projectId, Object.fromEntries(new URL(request.url).searchParams))),
);
