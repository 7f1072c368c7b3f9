"use client";

import { useEffect, useRef } from "react";

/** Input within this long counts as working; longer pauses and hidden tabs do not count. */
export const IDLE_AFTER_MS = 60_000;

/**
 * Active labeling time: the time between inputs, each gap counted up to the idle limit, only while the
 * tab is visible. Returns a function reading the total so far.
 */
export function useActiveTime(resetKey: string): () => number {
  const total = useRef(0);
  const lastInput = useRef<number | null>(null);
  useEffect(() => {
    total.current = 0;
    lastInput.current = null;
    const mark = () => {
      const now = performance.now();
      if (lastInput.current !== null && document.visibilityState === "visible") total.current += Math.min(now - lastInput.current, IDLE_AFTER_MS);
      lastInput.current = now;
    };
    const hide = () => {
      if (document.visibilityState !== "visible") mark();
      lastInput.current = document.visibilityState === "visible" ? performance.now() : null;
    };
    const events = ["keydown", "pointerdown", "pointermove", "wheel"] as const;
    for (const event of events) window.addEventListener(event, mark, { passive: true });
    document.addEventListener("visibilitychange", hide);
    return () => {
      for (const event of events) window.removeEventListener(event, mark);
      document.removeEventListener("visibilitychange", hide);
    };
  }, [resetKey]);
  return () => Math.round(total.current);
}
