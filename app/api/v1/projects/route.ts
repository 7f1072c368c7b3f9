import { NextResponse } from "next/server";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { createProject, listProjectsFor } from "@/lib/server/projects";

export const GET = authenticated(async ({ caller }) => NextResponse.json({ projects: await listProjectsFor(caller) }));

export const POST = authenticated(async ({ caller, request }) => NextResponse.json(await createProject(caller, await jsonBody(request)), { status: 201 }));
