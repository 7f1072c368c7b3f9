"use client";
// An item's discussion: its topics with their replies (markdown without raw HTML), anchors, mentions and
// resolutions; a reply box per topic, resolving with a note, and a new topic (reviewers may ask the labelers).
// A labeler who has not submitted the item is told why the thread is closed to them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { GuidelinesMarkdown } from "@/components/guidelines/guidelines-markdown";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api, ApiError } from "@/lib/client/api";
import { describeAnchor } from "@/lib/discussions/anchors";
import type { Anchor, ThreadJson, TopicJson } from "@/lib/validation/discussions";
import type { Task } from "@/lib/validation/project";
import { showAnchor } from "./anchor-events";
import { anchorTargetsOf } from "./anchor-picker";
import { CommentComposer, type CommentDraft } from "./comment-composer";

type CommentJson = TopicJson["replies"][number];

const when = (iso: string) => new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });

/** Where a comment points; one with a time is a button that moves the item's player there. */
function AnchorChip({ anchor }: { anchor: Anchor }) {
  const chip = "ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-slate-700";
  if (anchor.startMs === undefined) return <span className={chip}>↳ {describeAnchor(anchor)}</span>;
  return (
    <button type="button" className={`${chip} underline decoration-dotted underline-offset-2 hover:bg-slate-200`} onClick={() => showAnchor(anchor)} title="Move the player here">
      ↳ {describeAnchor(anchor)}
    </button>
  );
}

function CommentBody({ comment }: { comment: CommentJson }) {
  return (
    <div className="space-y-1">
      <p className="text-xs text-slate-600">
        <span className="font-medium text-slate-800">{comment.author?.name ?? "A former member"}</span> · <time dateTime={comment.createdAt}>{when(comment.createdAt)}</time>
        {comment.anchor ? <AnchorChip anchor={comment.anchor as Anchor} /> : null}
      </p>
      <GuidelinesMarkdown markdown={comment.body} />
    </div>
  );
}

function Topic({ itemId, topic, mayResolve, post }: { itemId: string; topic: TopicJson; mayResolve: boolean; post: (draft: CommentDraft & { parentId?: string }) => Promise<unknown> }) {
  const queryClient = useQueryClient();
  const [replying, setReplying] = useState(false);
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState("");
  const resolve = useMutation({
    mutationFn: () => api(`/comments/${topic.id}/resolve`, { method: "POST", json: note.trim() ? { note } : {} }),
    onSuccess: async () => {
      setResolving(false);
      await queryClient.invalidateQueries({ queryKey: ["items", itemId, "comments"] });
    },
  });
  const author = topic.author?.name ?? "a former member";
  return (
    <li className={`space-y-2 rounded-md border p-3 ${topic.resolution ? "border-slate-200 bg-slate-50" : "border-slate-200 border-l-4 border-l-brand-500 bg-white"}`}>
      {topic.isQuestion ? <p className="text-xs font-semibold uppercase tracking-wide text-brand-700">Question to the labelers</p> : null}
      <CommentBody comment={topic} />
      {topic.replies.length ? (
        <ol aria-label={`Replies to ${author}`} className="space-y-2 border-l-2 border-slate-200 pl-3">
          {topic.replies.map((reply) => (
            <li key={reply.id}>
              <CommentBody comment={reply} />
            </li>
          ))}
        </ol>
      ) : null}
      {topic.resolution ? (
        <p className="text-sm text-emerald-800" role="note">
          Resolved by {topic.resolution.by?.name ?? "a former member"} on {when(topic.resolution.at)}
          {topic.resolution.note ? `: ${topic.resolution.note}` : "."}
          {topic.resolution.guidelineVersion ? ` (guidelines v${topic.resolution.guidelineVersion})` : ""}
        </p>
      ) : null}
      {replying ? (
        <CommentComposer
          itemId={itemId}
          label={`Reply to ${author}`}
          submitLabel="Post reply"
          onSubmit={async (draft) => {
            await post({ ...draft, parentId: topic.id });
            setReplying(false);
          }}
        />
      ) : null}
      {resolving ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            resolve.mutate();
          }}
        >
          <label className="flex min-w-64 flex-1 flex-col gap-1 text-sm font-medium text-slate-700">
            Resolution note for {author}&apos;s topic
            <input value={note} onChange={(event) => setNote(event.target.value)} maxLength={20_000} placeholder="What was settled (optional)" className="rounded-md border border-slate-300 px-3 py-2 text-sm font-normal" />
          </label>
          <Button type="submit" disabled={resolve.isPending}>
            Resolve
          </Button>
          {resolve.error ? <Alert tone="error">{resolve.error.message}</Alert> : null}
        </form>
      ) : null}
      <div className="flex gap-2">
        {!replying ? (
          <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setReplying(true)} aria-label={`Reply to ${author}'s topic`}>
            Reply
          </Button>
        ) : null}
        {!topic.resolution && mayResolve && !resolving ? (
          <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setResolving(true)} aria-label={`Resolve ${author}'s topic`}>
            Resolve…
          </Button>
        ) : null}
      </div>
    </li>
  );
}

export function DiscussionPanel({ itemId, tasks, mediaKind, askLabelers = false }: { itemId: string; tasks: Task[]; mediaKind: "image" | "audio"; askLabelers?: boolean }) {
  const queryClient = useQueryClient();
  const thread = useQuery({ queryKey: ["items", itemId, "comments"], queryFn: () => api<ThreadJson>(`/items/${itemId}/comments`), retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2 });
  const post = useMutation({
    mutationFn: (draft: CommentDraft & { parentId?: string }) => api(`/items/${itemId}/comments`, { method: "POST", json: draft }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["items", itemId, "comments"] }),
  });
  const data = thread.data;
  return (
    <section id="discussion" aria-labelledby="discussion-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex items-baseline gap-2">
        <h2 id="discussion-heading" className="text-base font-semibold">
          Discussion
        </h2>
        {data ? (
          <p className="text-sm text-slate-600">
            {data.openDiscussions} open · {data.commentCount === 1 ? "1 comment" : `${data.commentCount} comments`}
          </p>
        ) : null}
      </div>
      {thread.error ? (
        <Alert tone={thread.error instanceof ApiError && thread.error.status === 403 ? "info" : "error"}>{thread.error.message}</Alert>
      ) : !data ? (
        <p className="text-sm text-slate-600" role="status">
          Loading the discussion…
        </p>
      ) : (
        <>
          {data.topics.length ? (
            <ol aria-label="Topics" className="space-y-3">
              {data.topics.map((topic) => (
                <Topic key={topic.id} itemId={itemId} topic={topic} mayResolve={data.mayResolve || topic.author?.id === data.viewerId} post={post.mutateAsync} />
              ))}
            </ol>
          ) : (
            <p className="text-sm text-slate-600">No discussion of this item yet.</p>
          )}
          <CommentComposer
            itemId={itemId}
            label="New topic"
            submitLabel="Post topic"
            anchorTargets={anchorTargetsOf(tasks, mediaKind)}
            askLabelers={askLabelers}
            onSubmit={post.mutateAsync}
          />
        </>
      )}
    </section>
  );
}
