"use client";

import { useCallback, useEffect, useRef } from "react";

/** Dispatched on window by work that involves no input, such as listening to audio. */
export const ACTIVITY_EVENT = "concord:activity";

/**
 * Active labeling time: the time between inputs, each gap counted up to `idleAfterMs` (longer pauses
 * count as idle), only while the tab is visible. Returns a function reading the total so far.
 */
export function useActiveTime(idleAfterMs: number): () => number {
  const total = useRef(0);
  const lastInput = useRef<number | null>(null);
  useEffect(() => {
    const mark = () => {
      const now = performance.now();
      if (lastInput.current !== null && document.visibilityState === "visible") total.current += Math.min(now - lastInput.current, idleAfterMs);
      lastInput.current = now;
    };
    const hide = () => {
      if (document.visibilityState !== "visible") mark();
      lastInput.current = document.visibilityState === "visible" ? performance.now() : null;
    };
    const events = ["keydown", "pointerdown", "pointermove", "wheel"] as const;
    for (const event of [...events, ACTIVITY_EVENT]) window.addEventListener(event, mark, { passive: true });
    document.addEventListener("visibilitychange", hide);
    return () => {
      for (const event of [...events, ACTIVITY_EVENT]) window.removeEventListener(event, mark);
      document.removeEventListener("visibilitychange", hide);
    };
  }, [idleAfterMs]);
  return useCallback(() => Math.round(total.current), []);
}
