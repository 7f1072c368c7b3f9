import type { Metadata } from "next";
import Link from "next/link";
import { LabelingWorkspace } from "@/components/labeling/workspace";
import { requirePageProject } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Label" };

export default async function LabelPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await requirePageProject(projectId);
  return (
    <div className="space-y-4">
      <div className="flex items-baseline justify-between gap-4">
        <div>
          <Link href={`/projects/${project.id}`} className="text-sm text-brand-700 hover:underline">
            ← {project.name}
          </Link>
          <h1 className="text-xl font-semibold tracking-tight">Labeling</h1>
        </div>
        <p className="text-xs text-slate-500">Guidelines v{project.guidelines?.version ?? 0} · number keys pick a class, u the uncertainty class</p>
      </div>
      <LabelingWorkspace projectId={project.id} tasks={project.tasks} />
    </div>
  );
}
