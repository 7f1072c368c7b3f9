"use client";
// The caller's inbox, newest first, a page at a time: each entry says who wrote what about which item and links to
// where the thread is read; opening one marks it read, and all can be marked read at once. The header's badge is a
// server count, refreshed after each change.
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/client/api";
import type { InboxEntryJson, InboxPageJson } from "@/lib/validation/discussions";

const KIND_IN_WORDS: Record<InboxEntryJson["kind"], string> = {
  mention: "mentioned you",
  reply: "replied",
  question: "asks the labelers",
};

export function InboxList() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const inbox = useInfiniteQuery({
    queryKey: ["inbox"],
    queryFn: ({ pageParam }) => api<InboxPageJson>(`/inbox${pageParam ? `?cursor=${pageParam}` : ""}`),
    initialPageParam: "",
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const markRead = useMutation({
    mutationFn: (request: { ids: string[] } | { all: true }) => api<{ unread: number }>("/inbox/read", { method: "POST", json: request }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["inbox"] });
      router.refresh();
    },
  });
  const entries = inbox.data?.pages.flatMap((page) => page.entries) ?? [];
  const unread = inbox.data?.pages[0]?.unread ?? 0;
  if (inbox.error) return <Alert tone="error">{inbox.error.message}</Alert>;
  if (!inbox.data) return <p className="text-sm text-slate-600" role="status">Loading your inbox…</p>;
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3">
        <p className="text-sm text-slate-700" role="status">
          {unread ? `${unread} unread` : "Nothing unread."}
        </p>
        {unread ? (
          <Button variant="secondary" className="ml-auto" disabled={markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
            Mark all read
          </Button>
        ) : null}
      </div>
      {markRead.error ? <Alert tone="error">{markRead.error.message}</Alert> : null}
      {entries.length ? (
        <ol aria-label="Inbox entries" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {entries.map((entry) => (
            <li key={entry.id} className={`flex gap-3 px-4 py-3 ${entry.readAt ? "" : "bg-brand-50/60"}`}>
              <div className="min-w-0 flex-1 space-y-1">
                <p className="text-sm text-slate-800">
                  {entry.readAt ? null : <span className="mr-2 rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white">New</span>}
                  <span className="font-medium">{entry.author ?? "A former member"}</span> {KIND_IN_WORDS[entry.kind]} on{" "}
                  <Link
                    href={entry.href}
                    className="font-medium text-brand-700 underline"
                    onClick={() => {
                      if (!entry.readAt) markRead.mutate({ ids: [entry.id] });
                    }}
                  >
                    {entry.itemName}
                  </Link>{" "}
                  <span className="text-slate-600">in {entry.projectName}</span>
                </p>
                <p className="truncate text-sm text-slate-700">{entry.excerpt}</p>
              </div>
              <time dateTime={entry.createdAt} className="shrink-0 text-xs text-slate-600">
                {new Date(entry.createdAt).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" })}
              </time>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-slate-600">No mentions, replies or questions yet.</p>
      )}
      {inbox.hasNextPage ? (
        <Button variant="secondary" disabled={inbox.isFetchingNextPage} onClick={() => void inbox.fetchNextPage()}>
          Older entries
        </Button>
      ) : null}
    </div>
  );
}
