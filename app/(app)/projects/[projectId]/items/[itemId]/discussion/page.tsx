import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DiscussionPanel } from "@/components/discussions/discussion-panel";
import { ItemMediaPreview } from "@/components/discussions/item-media-preview";
import { BackLink } from "@/components/ui/back-link";
import { requirePageProject } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { getItem } from "@/lib/server/items";

export const metadata: Metadata = { title: "Discussion" };

/**
 * An item's discussion for a labeler who labeled it: reading and replying opens no lease (the revise page does, and
 * their next task would then be that revision); revising stays one link away. The panel says why when the thread
 * is not open to them yet.
 */
export default async function ItemDiscussionPage({ params }: { params: Promise<{ projectId: string; itemId: string }> }) {
  const { projectId, itemId } = await params;
  const { caller, project } = await requirePageProject(projectId);
  const item = await getItem(caller, itemId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  if (item.projectId !== project.id) notFound();
  return (
    <div className="space-y-4">
      <div>
        <BackLink href={`/projects/${project.id}/my-items`} to="My recent items" />
        <h1 className="text-xl font-semibold tracking-tight">Discussion of {item.originalName}</h1>
        <p className="text-sm text-slate-600">
          To change your answer after the discussion,{" "}
          <Link href={`/projects/${project.id}/items/${item.id}/revise`} className="font-medium text-brand-700 underline">
            revise it
          </Link>{" "}
          while no reviewer has decided the item.
        </p>
      </div>
      <ItemMediaPreview item={item} />
      <DiscussionPanel itemId={item.id} tasks={project.tasks} mediaKind={project.mediaKind} />
    </div>
  );
}
