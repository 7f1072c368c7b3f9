"use client";
// The reviewer's keys, listed in the `?` help and hinted on the controls they work, and the hook that listens for them.
import { useEffect, useRef } from "react";
import type { Shortcut } from "@/components/labeling/shortcut-help";
import { shortcutsPaused } from "@/components/labeling/workspace-types";

export const REVIEW_SHORTCUTS: Shortcut[] = [
  ["C", "Accept the consensus"],
  ["1–9", "Accept that labeler's version (numbered in the decision form)"],
  ["X", "Mark ambiguous and exclude"],
  ["R", "Type the reason"],
  ["Ctrl+Enter", "Record the decision (also while typing the reason)"],
  ["N / P", "Next / previous item of the queue or session"],
  ["Esc", "Leave a text field or a list"],
  ["?", "This help"],
];

/** A key's hint on the control it works: shown, but left out of the control's name (aria-keyshortcuts says it). */
export function KeyHint({ keys }: { keys: string }) {
  return (
    <kbd aria-hidden className="ml-1.5 font-mono text-xs">
      {keys}
    </kbd>
  );
}

/**
 * Runs `keys[key]` for a key pressed anywhere on the page: a character ("c", "1", "?") or "Ctrl+Enter" (Cmd+Enter on a
 * Mac). Keys typed into a field or a list, or with Ctrl or Alt, are left alone, except Ctrl+Enter, and Escape, which
 * leaves the field so that the keys work again. Nothing runs while a dialog (the `?` help) is open.
 */
export function useShortcuts(keys: Record<string, () => void>) {
  // The latest handlers, without listening anew on every render.
  const latest = useRef(keys);
  useEffect(() => {
    latest.current = keys;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const control = event.ctrlKey || event.metaKey;
      const inList = event.target instanceof HTMLElement && !!event.target.closest("select");
      if (control && event.key === "Enter") {
        if (document.querySelector("dialog[open]") || !latest.current["Ctrl+Enter"]) return;
        event.preventDefault();
        latest.current["Ctrl+Enter"]();
        return;
      }
      if (event.key === "Escape" && event.target instanceof HTMLElement && (inList || shortcutsPaused(event)) && !document.querySelector("dialog[open]")) {
        event.target.blur();
        return;
      }
      if (shortcutsPaused(event) || inList || event.defaultPrevented || control || event.altKey) return;
      const run = latest.current[event.key.toLowerCase()];
      if (!run) return;
      // A key that works here is not also typed (R focuses the reason: its "r" stays out of it).
      event.preventDefault();
      run();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
