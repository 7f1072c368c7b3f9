import { NextResponse } from "next/server";
import { prioritizationCsv, prioritizationRows } from "@/lib/evaluation";
import { authenticated } from "@/lib/server/api/handler";
import { modelEvaluation } from "@/lib/server/models/evaluation";
import { judgementsOfSlices } from "@/lib/server/models/slice-judgements";

/**
 * 200 with the evaluation when it is up to date (as CSV, the prioritization table with the team's judgement of each
 * slice, with format=csv); 202 while the job
 * computing it is queued or running (with the report it replaces, if any): ask again after Retry-After.
 */
export const GET = authenticated<{ projectId: string }>(async ({ caller, params, request }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const answer = await modelEvaluation(caller, params.projectId, query);
  if (answer.status !== "done") return NextResponse.json(answer, { status: 202, headers: { "Retry-After": "2" } });
  if (query.format !== "csv") return NextResponse.json(answer.evaluation);
  const { model, task, slices } = answer.evaluation;
  const name = `${model.name}-${model.version}-${task}-prioritization.csv`.replace(/[^\w.-]+/g, "_");
  const judgements = await judgementsOfSlices(params.projectId, slices);
  return new Response(prioritizationCsv(prioritizationRows(answer.evaluation), judgements), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"` },
  });
});
