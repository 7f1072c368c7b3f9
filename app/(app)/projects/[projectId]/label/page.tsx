import type { Metadata } from "next";
import Link from "next/link";
import { GuidelinesGate } from "@/components/guidelines/acknowledge-gate";
import { LabelingWorkspace } from "@/components/labeling/workspace";
import { BackLink } from "@/components/ui/back-link";
import { idleAfterMs } from "@/lib/server/assignments";
import { requirePageProject } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Label" };

export default async function LabelPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await requirePageProject(projectId);
  return (
    // Wider than the other pages: the canvas or waveform takes what the screen offers.
    <div className="relative left-1/2 w-[min(calc(100vw-3rem),110rem)] -translate-x-1/2 space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <div>
          <BackLink href={`/projects/${project.id}`} to={project.name} />
          <h1 className="text-xl font-semibold tracking-tight">Labeling</h1>
        </div>
        <p className="text-xs text-slate-500">
          <Link href={`/projects/${project.id}/guidelines`} className="text-brand-700 underline">
            Guidelines v{project.guidelines?.version ?? 0}
          </Link>{" "}
          · press <kbd className="rounded border border-slate-300 px-1">?</kbd> for keyboard shortcuts
        </p>
      </div>
      <GuidelinesGate projectId={project.id}>
        <LabelingWorkspace projectId={project.id} tasks={project.tasks} idleAfterMs={idleAfterMs()} />
      </GuidelinesGate>
    </div>
  );
}
