"use client";
// Drafts that are never lost: saved a moment after each change, when the tab is hidden, when the page
// is left and when the workspace closes; one save at a time, each sending the newest answer.
import { useCallback, useEffect, useRef } from "react";
import { api, ApiError } from "@/lib/client/api";
import type { ResultEntry } from "@/lib/validation/annotation";

const AUTOSAVE_DELAY_MS = 2000;
// Browsers refuse keepalive requests over 64 KiB; a larger draft relies on the saves before it.
const KEEPALIVE_LIMIT_BYTES = 60_000;

export function useDraftAutosave(assignmentId: string, result: ResultEntry[], activeMs: () => number, onError: (message: string) => void) {
  const dirty = useRef(false);
  // Set once a submit or skip starts, or when the server says the lease is gone: no more drafts.
  const stopped = useRef(false);
  const inFlight = useRef<Promise<void>>(Promise.resolve());
  const latest = useRef({ result, activeMs, onError });
  latest.current = { result, activeMs, onError };
  const path = `/assignments/${assignmentId}/draft`;

  const save = useCallback(() => {
    inFlight.current = inFlight.current.then(async () => {
      if (!dirty.current || stopped.current) return;
      dirty.current = false;
      try {
        await api(path, { method: "PUT", json: { result: latest.current.result, activeMs: latest.current.activeMs() } });
      } catch (error) {
        // A 409 (lease expired, item submitted) will not change by retrying; anything else will be retried.
        if (error instanceof ApiError && error.status === 409) stopped.current = true;
        else dirty.current = true;
        latest.current.onError(`Draft not saved: ${(error as Error).message} Your work is still here.`);
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
    // The page is going away: only a keepalive request may outlive it.
    const onPageHide = () => {
      if (!dirty.current || stopped.current) return;
      const body = JSON.stringify({ result: latest.current.result, activeMs: latest.current.activeMs() });
      if (body.length > KEEPALIVE_LIMIT_BYTES) return;
      dirty.current = false;
      void fetch(`/api/v1${path}`, { method: "PUT", keepalive: true, headers: { "Content-Type": "application/json" }, body }).catch(() => (dirty.current = true));
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
    /** Before a submit or skip: no draft may land after it. */
    stop: useCallback(async () => {
      stopped.current = true;
      await inFlight.current;
    }, []),
    /** After a failed submit or skip: the answer is still being worked on. */
    resume: useCallback(() => void (stopped.current = false), []),
  };
}
