import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { listProjectsFor } from "@/lib/server/projects";
import type { ProjectList } from "@/lib/validation/api";

export const GET = authenticated(async ({ caller }) => {
  const projects = await listProjectsFor(caller);
  return NextResponse.json<ProjectList>({ projects: projects.map((project) => ({ ...project, createdAt: project.createdAt.toISOString() })) });
});
