"use client";
// A comment's anchor shown on the item: the discussion and the player that shows the item are separate components
// (the review page's waveform, the labeling workspace's), so a click on an anchor travels as a window event.
import { useEffect, useRef } from "react";
import type { Anchor } from "@/lib/validation/discussions";

const SHOW_ANCHOR = "concord:show-anchor";

export function showAnchor(anchor: Anchor): void {
  window.dispatchEvent(new CustomEvent<Anchor>(SHOW_ANCHOR, { detail: anchor }));
}

/** Calls `onAnchor` for each anchor a reader asks to see while the component is mounted. */
export function useShownAnchors(onAnchor: (anchor: Anchor) => void): void {
  const handler = useRef(onAnchor);
  handler.current = onAnchor;
  useEffect(() => {
    const listener = (event: Event) => handler.current((event as CustomEvent<Anchor>).detail);
    window.addEventListener(SHOW_ANCHOR, listener);
    return () => window.removeEventListener(SHOW_ANCHOR, listener);
  }, []);
}
