"use client";
// The labeler's tasks: the current lease and one leased ahead, whose media is fetched in the
// background, so that after a submit or skip the next task shows without waiting.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { api, ApiError } from "@/lib/client/api";
import type { ResultEntry } from "@/lib/validation/annotation";
import { prefetchMedia } from "./media-cache";

/** Runs `work` when the browser is idle (within 2 s), or soon where it cannot tell; returns a cancel. */
function whenIdle(work: () => void): () => void {
  if (typeof requestIdleCallback === "undefined") {
    const timer = setTimeout(work, 200);
    return () => clearTimeout(timer);
  }
  const handle = requestIdleCallback(work, { timeout: 2000 });
  return () => cancelIdleCallback(handle);
}

export interface LeasedItem {
  id: string;
  originalName: string;
  mediaUrl: string;
  /** A big image's screen-sized rendition and Deep Zoom tiles (lib/labeling/tiles.ts). */
  renditionUrl?: string | null;
  tilesUrl?: string | null;
  peaksUrl: string | null;
  mimeType: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  metadata: Record<string, unknown>;
}

export interface Lease {
  /** `draftVersion`: the version of `draft`, which the drafts and the submit of this answer are based on. */
  assignment: { id: string; expiresAt: string; draftVersion: number };
  item: LeasedItem;
  draft: { result: ResultEntry[]; activeMs: number } | null;
  /** A lease to revise the labeler's own answer: that answer, and the reviewer's reason when one asked. */
  revision: { of: number; result: ResultEntry[]; request: { reason: string; requestedAt: string } | null } | null;
  /** A model's prediction to start from (pre-annotation). */
  prefill: { model: { name: string; version: string }; result: ResultEntry[] } | null;
}

// A prefetched lease about to expire is not used; the queue is asked afresh.
const MIN_REMAINING_MS = 60_000;

export function useTaskQueue(projectId: string) {
  const [current, setCurrent] = useState<Lease | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const upcoming = useRef<Promise<Lease | undefined> | null>(null);
  const upcomingId = useRef<string | null>(null);

  const queryClient = useQueryClient();
  const lease = useCallback(
    (ahead: boolean) =>
      api<Lease | undefined>(`/projects/${projectId}/next${ahead ? "?ahead=1" : ""}`, { method: "POST" }).catch((error: unknown) => {
        // New guidelines since the labeler last confirmed them: the guidelines gate checks again and shows what changed.
        if (error instanceof ApiError && error.details?.guidelinesVersion !== undefined) void queryClient.invalidateQueries({ queryKey: ["projects", projectId, "guidelines"] });
        throw error;
      }),
    [projectId, queryClient],
  );

  const prefetch = useCallback(() => {
    upcoming.current = lease(true).then((next) => {
      upcomingId.current = next?.assignment.id ?? null;
      if (next) prefetchMedia(next.item);
      return next;
    });
    // A failed prefetch is not an error yet: advancing asks the queue again.
    upcoming.current.catch(() => (upcoming.current = null));
  }, [lease]);

  useEffect(() => {
    let cancelled = false;
    let cancelPrefetch: (() => void) | undefined;
    lease(false)
      .then((first) => {
        if (cancelled) return;
        // The media's request goes out before the workspace renders the draft's shapes, which takes a while.
        if (first) prefetchMedia(first.item);
        setCurrent(first ?? null);
        // The next task once the page is idle: its request and media do not compete with this task's first draw.
        if (first) cancelPrefetch = whenIdle(() => !cancelled && prefetch());
      })
      .catch((failure: Error) => setError(failure.message));
    // Leaving: the prefetched task goes back to the queue rather than wait for its lease to run out.
    const release = () => {
      if (upcomingId.current) void fetch(`/api/v1/assignments/${upcomingId.current}/release`, { method: "POST", keepalive: true }).catch(() => undefined);
    };
    window.addEventListener("pagehide", release);
    return () => {
      cancelled = true;
      cancelPrefetch?.();
      window.removeEventListener("pagehide", release);
    };
  }, [lease, prefetch]);

  /** Moves on after a submit or skip: the prefetched lease if it is still good, else a fresh one. */
  const advance = useCallback(async () => {
    const prefetched = await upcoming.current?.catch(() => undefined);
    upcoming.current = null;
    upcomingId.current = null;
    if (prefetched && new Date(prefetched.assignment.expiresAt).getTime() - Date.now() > MIN_REMAINING_MS) {
      setCurrent(prefetched);
      // Asking for the current task opens the prefetched lease as current, which renews it; then the next prefetch.
      void lease(false).catch(() => undefined).finally(prefetch);
      return;
    }
    const next = await lease(false);
    if (next) prefetchMedia(next.item);
    setCurrent(next ?? null);
    if (next) prefetch();
  }, [lease, prefetch]);

  /**
   * Asks again for the current task: the same lease with its newest draft (another tab saved it), or,
   * when the lease is gone, the next task.
   */
  const reload = useCallback(async () => {
    const fresh = await lease(false);
    // The lease was gone and the prefetched task became the current one: lease another ahead.
    if (fresh && fresh.assignment.id === upcomingId.current) {
      upcoming.current = null;
      upcomingId.current = null;
      prefetch();
    }
    setCurrent(fresh ?? null);
  }, [lease, prefetch]);

  return { current, error, advance, reload };
}
