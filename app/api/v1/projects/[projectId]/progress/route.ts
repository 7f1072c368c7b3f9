import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { projectProgress } from "@/lib/server/projects";
import { progressQuerySchema } from "@/lib/validation/assignments";
import { parseInput } from "@/lib/validation/parse";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params, request }) => {
  const { since } = parseInput(progressQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(await projectProgress(caller, params.projectId, since));
});
