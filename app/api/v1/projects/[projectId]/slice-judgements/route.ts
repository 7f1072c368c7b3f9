import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { listSliceJudgements, saveSliceJudgement } from "@/lib/server/models/slice-judgements";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params, request }) =>
  NextResponse.json({ judgements: await listSliceJudgements(caller, params.projectId, Object.fromEntries(new URL(request.url).searchParams)) }),
);

export const PUT = authenticated<{ projectId: string }>(async ({ caller, params, request }) => NextResponse.json(await saveSliceJudgement(caller, params.projectId, await jsonBody(request))));
