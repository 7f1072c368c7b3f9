import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { ProjectForm } from "@/components/projects/project-form";
import { requirePageCaller } from "@/lib/server/auth/session";
import { mayCreateProjects } from "@/lib/server/projects";

export const metadata: Metadata = { title: "New project" };

export default async function NewProjectPage() {
  const caller = await requirePageCaller();
  if (!(await mayCreateProjects(caller))) forbidden();
  return (
    <div className="max-w-6xl">
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">New project</h1>
      <ProjectForm />
    </div>
  );
}
