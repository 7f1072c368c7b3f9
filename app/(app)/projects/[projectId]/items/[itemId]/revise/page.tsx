import type { Metadata } from "next";
import { GuidelinesGate } from "@/components/guidelines/acknowledge-gate";
import { ReviseWorkspace } from "@/components/labeling/revise-workspace";
import { BackLink } from "@/components/ui/back-link";
import { idleAfterMs } from "@/lib/server/assignments";
import { requirePageProject } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Revise your answer" };

export default async function RevisePage({ params }: { params: Promise<{ projectId: string; itemId: string }> }) {
  const { projectId, itemId } = await params;
  const { project } = await requirePageProject(projectId);
  return (
    <div className="relative left-1/2 w-[min(calc(100vw-3rem),110rem)] -translate-x-1/2 space-y-3">
      <div>
        <BackLink href={`/projects/${project.id}/my-items`} to="My recent items" />
        <h1 className="text-xl font-semibold tracking-tight">Revise your answer</h1>
      </div>
      <GuidelinesGate projectId={project.id}>
        <ReviseWorkspace projectId={project.id} itemId={itemId} tasks={project.tasks} idleAfterMs={idleAfterMs()} />
      </GuidelinesGate>
    </div>
  );
}
