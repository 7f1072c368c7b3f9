import type { Metadata } from "next";
import { GuidelinesGate } from "@/components/guidelines/acknowledge-gate";
import { ReviseWorkspace } from "@/components/labeling/revise-workspace";
import { WorkspacePage } from "@/components/labeling/workspace-page";
import { idleAfterMs } from "@/lib/server/assignments";
import { requirePageProject } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Revise your answer" };

export default async function RevisePage({ params }: { params: Promise<{ projectId: string; itemId: string }> }) {
  const { projectId, itemId } = await params;
  const { project } = await requirePageProject(projectId);
  return (
    <WorkspacePage back={{ href: `/projects/${project.id}/my-items`, to: "My recent items" }} title="Revise your answer">
      <GuidelinesGate projectId={project.id}>
        <ReviseWorkspace projectId={project.id} itemId={itemId} tasks={project.tasks} skipReasons={project.skipReasons} idleAfterMs={idleAfterMs()} />
      </GuidelinesGate>
    </WorkspacePage>
  );
}
