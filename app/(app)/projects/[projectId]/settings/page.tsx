import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { ProjectForm } from "@/components/projects/project-form";
import { QualitySettings } from "@/components/projects/quality-settings";
import { SkipReasonsSettings } from "@/components/projects/skip-reasons-settings";
import { BackLink } from "@/components/ui/back-link";
import { requirePageProject } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Project settings" };

export default async function ProjectSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await requirePageProject(projectId);
  if (project.role !== "manager") forbidden();
  return (
    <div className="max-w-6xl">
      <BackLink href={`/projects/${project.id}`} to={project.name} />
      <h1 className="mb-6 mt-2 text-2xl font-semibold tracking-tight">Settings</h1>
      <div className="space-y-8">
        <ProjectForm project={{ ...project, guidelines: project.guidelines?.body ?? "" }} />
        <QualitySettings projectId={project.id} tasks={project.tasks} reviewRules={project.reviewRules} standardization={project.standardization} />
        <SkipReasonsSettings projectId={project.id} reasons={project.skipReasons} />
      </div>
    </div>
  );
}
