"use client";
// The image or audio workspace, loaded in the browser only (canvas and audio libraries) and only for the kind shown.
// Not through next/dynamic: its Suspense boundary holds a loaded workspace back until 300 ms after its fallback
// appeared (React's reveal throttle), most of a big image's opening time. Here the module is asked for as soon as
// the kind is known (preloadMediaWorkspace, while the task is still being leased) and shows the moment it is there.
import { useEffect, useState, type ComponentType } from "react";
import { Alert } from "@/components/ui/alert";
import type { MediaKind } from "@/lib/validation/project";
import type { MediaWorkspaceProps } from "./workspace-types";

type Workspace = ComponentType<MediaWorkspaceProps>;

const loaders: Record<MediaKind, () => Promise<Workspace>> = {
  image: () => import("./image-workspace").then((module) => module.ImageWorkspace),
  audio: () => import("./audio-workspace").then((module) => module.AudioWorkspace),
};
const loaded: Partial<Record<MediaKind, Workspace>> = {};
const loading: Partial<Record<MediaKind, Promise<Workspace>>> = {};

/** The workspace kind for an item, from its media type. */
export const mediaKindOf = (item: { mimeType: string }): MediaKind => (item.mimeType.startsWith("image/") ? "image" : "audio");

/** Starts loading a kind's workspace once; a failed load is tried again on the next call. */
export function preloadMediaWorkspace(kind: MediaKind): Promise<Workspace> {
  loading[kind] ??= loaders[kind]().then(
    (workspace) => (loaded[kind] = workspace),
    (error: unknown) => {
      delete loading[kind];
      throw error;
    },
  );
  return loading[kind];
}

export function MediaWorkspace({ kind, placeholder, ...props }: MediaWorkspaceProps & { kind: MediaKind; placeholder: string }) {
  // Set once the kind's code is there: renders again then. The code may arrive between a render and its effect,
  // so the effect always asks (a kind already loaded sets the same value, which renders nothing again).
  const [, setLoadedKind] = useState<MediaKind | null>(() => (loaded[kind] ? kind : null));
  const [failed, setFailed] = useState(false);
  const Workspace = loaded[kind];
  useEffect(() => {
    let current = true;
    preloadMediaWorkspace(kind).then(
      () => current && setLoadedKind(kind),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [kind]);
  if (Workspace) return <Workspace {...props} />;
  if (failed) return <Alert tone="error">The workspace could not be loaded. Reload the page to try again.</Alert>;
  return <p className="text-sm text-slate-600">{placeholder}</p>;
}
