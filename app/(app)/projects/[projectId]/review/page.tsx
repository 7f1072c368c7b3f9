import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { ReviewWorkspace } from "@/components/review/review-workspace";
import { BackLink } from "@/components/ui/back-link";
import { requirePageProject } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<{ item?: string | string[]; session?: string | string[] }> }) {
  const { projectId } = await params;
  const { item, session } = await searchParams;
  const { project } = await requirePageProject(projectId);
  if (project.role === "labeler") forbidden();
  return (
    <div className="space-y-4">
      <div>
        <BackLink href={`/projects/${project.id}`} to={project.name} />
        <h1 className="text-xl font-semibold tracking-tight">Review</h1>
        <p className="text-sm text-slate-600">Items whose labelers disagreed, were unsure, or found the guidelines unclear, lowest agreement first.</p>
      </div>
      <ReviewWorkspace
        projectId={project.id} tasks={project.tasks} mediaKind={project.mediaKind} standardization={project.standardization} initialItem={typeof item === "string" ? item : null}
        initialSession={typeof session === "string" ? session : ""}
      />
    </div>
  );
}
