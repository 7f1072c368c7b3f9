import type { Metadata } from "next";
import { DiscussionPanel } from "@/components/discussions/discussion-panel";
import { GuidelinesGate } from "@/components/guidelines/acknowledge-gate";
import { ReviseWorkspace } from "@/components/labeling/revise-workspace";
import { WorkspacePage } from "@/components/labeling/workspace-page";
import { idleAfterMs } from "@/lib/server/assignments";
import { requirePageProject } from "@/lib/server/auth/session";
import { guidelineStatusJson } from "@/lib/server/guidelines";

export const metadata: Metadata = { title: "Revise your answer" };

export default async function RevisePage({ params }: { params: Promise<{ projectId: string; itemId: string }> }) {
  const { projectId, itemId } = await params;
  const { caller, project } = await requirePageProject(projectId);
  const guidelineStatus = await guidelineStatusJson(caller, project.id);
  // The discussion sits below the window-filling workspace: the inbox links to it (#discussion).
  return (
    <div className="space-y-4">
      <WorkspacePage back={{ href: `/projects/${project.id}/my-items`, to: "My recent items" }} title="Revise your answer">
        <GuidelinesGate projectId={project.id} initialStatus={guidelineStatus}>
          <ReviseWorkspace projectId={project.id} itemId={itemId} tasks={project.tasks} skipReasons={project.skipReasons} idleAfterMs={idleAfterMs()} />
        </GuidelinesGate>
      </WorkspacePage>
      <DiscussionPanel itemId={itemId} tasks={project.tasks} mediaKind={project.mediaKind} />
    </div>
  );
}
