import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/components/ui/back-link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageProject } from "@/lib/server/auth/session";
import { myRecentItems } from "@/lib/server/relabeling";

export const metadata: Metadata = { title: "My recent items" };

export default async function MyItemsPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<{ cursor?: string }> }) {
  const { projectId } = await params;
  const { cursor } = await searchParams;
  const { caller, project } = await requirePageProject(projectId);
  const { items, nextCursor } = await myRecentItems(caller, project.id, new URLSearchParams(cursor ? { cursor } : {}));
  return (
    <div className="space-y-6">
      <div>
        <BackLink href={`/projects/${project.id}`} to={project.name} />
        <h1 className="text-xl font-semibold tracking-tight">My recent items</h1>
        <p className="text-sm text-slate-600">The items you submitted, newest first. You can revise your answer until a reviewer decides the item.</p>
      </div>
      {items.length ? (
        <Card title="Submitted by you">
          <table className="w-full text-sm" aria-label="My recent items">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                <th className="py-1">Item</th>
                <th>Submitted</th>
                <th>Your answer</th>
                <th>
                  <span className="sr-only">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.itemId} className="border-t border-slate-100">
                  <td className="py-1.5 font-medium text-slate-900">
                    {item.originalName}
                    {item.revisionRequested ? <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">a reviewer asked you to revise it</span> : null}
                  </td>
                  <td className="text-slate-600">{item.submittedAt.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC</td>
                  <td className="text-slate-600">{item.revision === 1 ? "as first submitted" : `revised (revision ${item.revision})`}</td>
                  <td className="space-x-3 text-right">
                    <Link href={`/projects/${project.id}/items/${item.itemId}/discussion`} className="text-sm font-medium text-brand-700 hover:underline" aria-label={`Discussion of ${item.originalName}`}>
                      Discussion
                    </Link>
                    {item.decided ? (
                      <span className="text-xs text-slate-500">decided by a reviewer</span>
                    ) : (
                      <Link href={`/projects/${project.id}/items/${item.itemId}/revise`} className="text-sm font-medium text-brand-700 hover:underline" aria-label={`Revise ${item.originalName}`}>
                        Revise
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {nextCursor ? (
            <Link href={`/projects/${project.id}/my-items?cursor=${encodeURIComponent(nextCursor)}`} className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline">
              Older items →
            </Link>
          ) : null}
        </Card>
      ) : (
        <EmptyState title="Nothing submitted yet">
          <p>The items you submit in this project appear here, so you can go back and revise an answer.</p>
        </EmptyState>
      )}
    </div>
  );
}
