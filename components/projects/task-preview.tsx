"use client";
// The labeling workspace as labelers will see it with the tasks being edited, on a sample file shipped in
// public/samples: the same image or audio workspace and answer panels, answering locally; nothing is sent.
import { useState } from "react";
import { ClassificationPanel, TranscriptPanel } from "@/components/labeling/answer-panels";
import { MediaWorkspace } from "@/components/labeling/media-workspace";
import type { LeasedItem } from "@/components/labeling/use-task-queue";
import { Button } from "@/components/ui/button";
import type { ResultEntry } from "@/lib/validation/annotation";
import type { MediaKind, Task } from "@/lib/validation/project";

const SAMPLES: Record<MediaKind, LeasedItem> = {
  image: { id: "preview-image", originalName: "sample-image.png", mediaUrl: "/samples/sample-image.png", peaksUrl: null, mimeType: "image/png", width: 451, height: 300, durationMs: null, metadata: {} },
  audio: {
    id: "preview-audio",
    originalName: "sample-clip.wav",
    mediaUrl: "/samples/sample-clip.wav",
    peaksUrl: "/samples/sample-clip.peaks.json",
    mimeType: "audio/wav",
    width: null,
    height: null,
    durationMs: 2296,
    metadata: {},
  },
};

/** One preview per configuration: a change of tasks starts it afresh (answers to the old tasks may not fit). */
function PreviewWorkspace({ mediaKind, tasks }: { mediaKind: MediaKind; tasks: Task[] }) {
  const [result, setResult] = useState<ResultEntry[]>([]);
  const sidebar = (
    <>
      <ClassificationPanel tasks={tasks.filter((task) => task.type === "classification")} result={result} onChange={setResult} keysActive />
      <TranscriptPanel tasks={tasks.filter((task) => task.type === "transcript")} result={result} onChange={setResult} />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" variant="secondary" onClick={() => setResult([])} disabled={!result.length}>
          Clear the preview&apos;s answers
        </Button>
      </div>
    </>
  );
  return <MediaWorkspace kind={mediaKind} placeholder="Loading the preview…" item={SAMPLES[mediaKind]} tasks={tasks} result={result} onChange={setResult} sidebar={sidebar} historyVersion={0} />;
}

/**
 * The preview of the last valid tasks: while the tasks have problems it keeps showing the last ones that had none,
 * and says so.
 */
export function TaskPreview({ mediaKind, tasks, current }: { mediaKind: MediaKind; tasks: Task[] | null; current: boolean }) {
  return (
    <section aria-labelledby="task-preview-title" className="space-y-2 rounded-lg border border-dashed border-slate-300 bg-slate-50 p-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="task-preview-title" className="text-sm font-semibold text-slate-900">
          Preview: the labeling workspace
        </h2>
        <p className="text-xs text-slate-600">{current ? "As labelers will see it, on a sample file. Answers here are not saved." : "Showing the last tasks without problems: fix the fields marked in red to update it."}</p>
      </div>
      {tasks ? <PreviewWorkspace key={`${mediaKind}:${JSON.stringify(tasks)}`} mediaKind={mediaKind} tasks={tasks} /> : <p className="text-sm text-slate-600">The preview appears once the tasks have no problems.</p>}
    </section>
  );
}
