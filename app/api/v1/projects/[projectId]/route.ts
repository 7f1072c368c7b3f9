import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { getProject, updateProject } from "@/lib/server/projects";

type Params = { projectId: string };

export const GET = authenticated<Params>(async ({ caller, params }) => NextResponse.json(await getProject(caller, params.projectId)));

export const PATCH = authenticated<Params>(async ({ caller, params, request }) =>
  NextResponse.json(await updateProject(caller, params.projectId, await jsonBody(request))),
);
