import type { Metadata } from "next";
import Link from "next/link";
import { GuidelinesGate } from "@/components/guidelines/acknowledge-gate";
import { LabelingWorkspace } from "@/components/labeling/workspace";
import { WorkspacePage } from "@/components/labeling/workspace-page";
import { idleAfterMs } from "@/lib/server/assignments";
import { requirePageProject } from "@/lib/server/auth/session";
import { guidelineStatusJson } from "@/lib/server/guidelines";

export const metadata: Metadata = { title: "Label" };

export default async function LabelPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { caller, project } = await requirePageProject(projectId);
  const guidelineStatus = await guidelineStatusJson(caller, project.id);
  const guidelines = (
    <p className="text-xs text-slate-600">
      <Link href={`/projects/${project.id}/guidelines`} className="text-brand-700 underline">
        Guidelines v{project.guidelines?.version ?? 0}
      </Link>{" "}
      · press <kbd className="rounded border border-slate-300 px-1">?</kbd> for keyboard shortcuts
    </p>
  );
  return (
    <WorkspacePage back={{ href: `/projects/${project.id}`, to: project.name }} title="Labeling" extra={guidelines}>
      <GuidelinesGate projectId={project.id} initialStatus={guidelineStatus}>
        <LabelingWorkspace projectId={project.id} mediaKind={project.mediaKind} tasks={project.tasks} skipReasons={project.skipReasons} idleAfterMs={idleAfterMs()} />
      </GuidelinesGate>
    </WorkspacePage>
  );
}
