import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { projectProgress } from "@/lib/server/projects";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params }) => NextResponse.json(await projectProgress(caller, params.projectId)));
