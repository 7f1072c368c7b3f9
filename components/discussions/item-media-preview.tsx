"use client";
// The item beside its discussion, for a reader who is not labeling it: the image (its screen-sized rendition when it
// is big) or the clip with a player that a comment's time anchor moves.
import { useRef } from "react";
import type { ItemView } from "@/lib/server/items";
import { useShownAnchors } from "./anchor-events";

export function ItemMediaPreview({ item }: { item: Pick<ItemView, "originalName" | "mediaUrl" | "renditionUrl" | "thumbnailUrl"> }) {
  const audio = useRef<HTMLAudioElement>(null);
  useShownAnchors((anchor) => {
    if (!audio.current || anchor.startMs === undefined) return;
    audio.current.currentTime = anchor.startMs / 1000;
    audio.current.scrollIntoView({ block: "center" });
  });
  if (item.thumbnailUrl) {
    // eslint-disable-next-line @next/next/no-img-element -- served by the API with the member's session, not optimisable
    return <img src={item.renditionUrl ?? item.mediaUrl} alt={item.originalName} className="max-h-[60vh] w-auto rounded-md border border-slate-200 bg-slate-50" />;
  }
  return <audio ref={audio} controls preload="metadata" src={item.mediaUrl} aria-label={`Audio ${item.originalName}`} className="w-full" />;
}
