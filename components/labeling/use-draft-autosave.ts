"use client";
// Drafts that are never lost: saved a moment after each change, when the tab is hidden, when the page
// is left and when the workspace closes; one save at a time, each sending the newest answer and the
// draft version it is based on, so that a second tab on the same task cannot overwrite a newer one.
import { useCallback, useEffect, useRef } from "react";
import { api, ApiError } from "@/lib/client/api";
import { isFinalRefusal } from "@/lib/labeling/task-messages";
import type { ResultEntry } from "@/lib/validation/annotation";

const AUTOSAVE_DELAY_MS = 2000;
// Browsers refuse keepalive requests over 64 KiB; a larger draft relies on the saves before it.
const KEEPALIVE_LIMIT_BYTES = 60_000;

/**
 * `baseVersion`: the lease's draft version, which the answer on screen starts from. `onError` hears of
 * every failed save; after a final refusal (another tab saved, the lease is gone) autosave stops.
 */
export function useDraftAutosave(assignmentId: string, baseVersion: number, result: ResultEntry[], activeMs: () => number, onError: (error: unknown) => void) {
  const dirty = useRef(false);
  // Set once a submit or skip starts, or when the server refuses for good: no more drafts.
  const stopped = useRef(false);
  const version = useRef(baseVersion);
  const inFlight = useRef<Promise<void>>(Promise.resolve());
  const latest = useRef({ result, activeMs, onError });
  latest.current = { result, activeMs, onError };
  const path = `/assignments/${assignmentId}/draft`;
  const body = () => ({ result: latest.current.result, activeMs: latest.current.activeMs(), draftVersion: version.current });

  const save = useCallback(() => {
    inFlight.current = inFlight.current.then(async () => {
      if (!dirty.current || stopped.current) return;
      dirty.current = false;
      try {
        version.current = (await api<{ draftVersion: number }>(path, { method: "PUT", json: body() })).draftVersion;
      } catch (error) {
        if (error instanceof ApiError && isFinalRefusal(error.status)) stopped.current = true;
        else dirty.current = true;
        latest.current.onError(error);
      }
    });
    return inFlight.current;
  }, [path]);

  useEffect(() => {
    if (!dirty.current) return;
    const timer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [result, save]);

  useEffect(() => {
    const onHide = () => document.visibilityState === "hidden" && void save();
    // The page is going away: only a keepalive request may outlive it. Should the page come back (the
    // back/forward cache), the answer tells the version it saved, or that it must be saved again.
    const onPageHide = () => {
      if (!dirty.current || stopped.current) return;
      const json = JSON.stringify(body());
      if (json.length > KEEPALIVE_LIMIT_BYTES) return;
      dirty.current = false;
      void fetch(`/api/v1${path}`, { method: "PUT", keepalive: true, headers: { "Content-Type": "application/json" }, body: json })
        .then(async (response) => {
          if (response.ok) version.current = ((await response.json()) as { draftVersion: number }).draftVersion;
          else dirty.current = true;
        })
        .catch(() => (dirty.current = true));
    };
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", onPageHide);
    return () => {
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", onPageHide);
      // Leaving by a link inside the app unmounts the workspace without a pagehide.
      void save();
    };
  }, [path, save]);

  return {
    markDirty: useCallback(() => void (dirty.current = true), []),
    /** The draft version the answer on screen is based on: sent with the submit. */
    version: useCallback(() => version.current, []),
    /** Before a submit or skip: no draft may land after it. */
    stop: useCallback(async () => {
      stopped.current = true;
      await inFlight.current;
    }, []),
    /** After a submit or skip that failed but may be tried again: the answer is still being worked on. */
    resume: useCallback(() => void (stopped.current = false), []),
  };
}
