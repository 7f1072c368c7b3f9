"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import { Card } from "@/components/ui/card";
import { api } from "@/lib/client/api";

interface Item {
  id: string;
  originalName: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  submittedCount: number;
  metadata: Record<string, string | number | boolean | null>;
  thumbnailUrl: string | null;
  reviewState: string;
  reviewScore: number | null;
  tags: string[];
  openDiscussions: number;
  commentCount: number;
}

function size(item: Item): string {
  if (item.width && item.height) return `${item.width}×${item.height}`;
  return item.durationMs !== null ? `${(item.durationMs / 1000).toFixed(1)} s` : "";
}

/** The project's items, under the item list's filters (`filters`: its query string, e.g. from a dashboard figure); each opens in review. */
export function ItemsTable({ projectId, overlap, filters = "", title = "Items" }: { projectId: string; overlap: number; filters?: string; title?: string }) {
  const items = useInfiniteQuery({
    queryKey: ["projects", projectId, "items", filters],
    queryFn: ({ pageParam }) => api<{ items: Item[]; nextCursor: string | null }>(`/projects/${projectId}/items?limit=50${filters ? `&${filters}` : ""}${pageParam ? `&cursor=${pageParam}` : ""}`),
    initialPageParam: "",
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = items.data?.pages.flatMap((page) => page.items) ?? [];
  // A filtered page may look through its share of a large project and find nothing, yet say where to go on:
  // until something matches or the project is looked through, keep going rather than say "No items match."
  const searching = rows.length === 0 && !items.error && (items.isLoading || items.hasNextPage || items.isFetchingNextPage);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = items;
  useEffect(() => {
    if (rows.length === 0 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);
  return (
    <Card title={title}>
      {items.error ? <p className="text-sm text-red-700">{items.error.message}</p> : null}
      {searching ? (
        <p className="text-sm text-slate-600" role="status">
          {items.isLoading ? "Loading…" : "Still searching the project for matching items…"}
        </p>
      ) : rows.length === 0 && !items.error ? (
        <p className="text-sm text-slate-600">{filters ? "No items match." : "No items yet. Import media to start."}</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">File</th>
              <th scope="col" className="py-2 pr-3 font-medium">Size</th>
              <th scope="col" className="py-2 pr-3 font-medium">Labeled</th>
              <th scope="col" className="py-2 pr-3 font-medium">Review</th>
              <th scope="col" className="py-2 pr-3 font-medium">Tags</th>
              <th scope="col" className="py-2 pr-3 font-medium">Comments</th>
              <th scope="col" className="py-2 font-medium">Metadata</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((item) => (
              <tr key={item.id}>
                <td className="py-2 pr-3">
                  <div className="flex items-center gap-3">
                    {item.thumbnailUrl ? (
                      // eslint-disable-next-line @next/next/no-img-element -- served by our authorised route, already resized
                      <img src={item.thumbnailUrl} alt="" className="h-10 w-10 rounded object-cover" />
                    ) : null}
                    <Link href={`/projects/${projectId}/review?item=${item.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                      {item.originalName}
                    </Link>
                  </div>
                </td>
                <td className="py-2 pr-3 text-slate-600">{size(item)}</td>
                <td className="py-2 pr-3 text-slate-600">
                  {item.submittedCount} / {overlap}
                </td>
                <td className="py-2 pr-3 text-slate-600">
                  {item.reviewState}
                  {item.reviewScore === null ? "" : <span className="text-xs text-slate-500"> · {item.reviewScore.toFixed(2)}</span>}
                </td>
                <td className="py-2 pr-3">
                  {item.tags.length ? (
                    <ul aria-label={`Tags of ${item.originalName}`} className="flex flex-wrap gap-1">
                      {item.tags.map((tag) => (
                        <li key={tag} className="rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-700">
                          {tag}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td className="py-2 pr-3 text-slate-600">
                  {item.commentCount || ""}
                  {item.openDiscussions ? <span className="ml-1 rounded-full bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">{item.openDiscussions} open</span> : null}
                </td>
                <td className="py-2 text-xs text-slate-600">
                  {Object.entries(item.metadata)
                    .map(([key, value]) => `${key}: ${String(value)}`)
                    .join(" · ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {items.hasNextPage && rows.length ? (
        <button type="button" onClick={() => void items.fetchNextPage()} className="mt-3 text-sm font-medium text-brand-700 hover:underline">
          Show more
        </button>
      ) : null}
    </Card>
  );
}
