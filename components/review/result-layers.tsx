"use client";
// Answers drawn over their item as layers, one colour each: shapes over the image, segment lanes under the waveform
// lined up with it second for second. The review screen draws each labeler's answer, the consensus and the final
// label this way; the error analysis, the final label and a model's prediction.
import dynamic from "next/dynamic";
import { useState } from "react";
import type WaveSurfer from "wavesurfer.js";
import { formatClock } from "@/lib/audio/timeline";
import { shownImageUrl } from "@/components/labeling/media-cache";
import { DEFAULT_NORMALISATION, segmentTranscriptWer } from "@/lib/quality/text-and-segments";
import type { PredictedEntry } from "@/lib/evaluation/types";
import type { ResultEntry } from "@/lib/validation/annotation";
import { allowedLabels, type Task } from "@/lib/validation/project";
import { useLanePlayer } from "./use-lane-player";

// wavesurfer runs in the browser only.
const ReviewWaveform = dynamic(() => import("./review-waveform").then((module) => module.ReviewWaveform), { ssr: false });

// Distinct, colour-blind-friendly colours (Okabe–Ito) for the labelers; the consensus is drawn in slate,
// dashed, and the final label in violet, solid: mid tones that show on the light and the dark theme alike.
export const LABELER_COLORS = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442"];
export const CONSENSUS_COLOUR = "#64748b";
export const FINAL_LABEL_COLOUR = "#7c3aed";

export interface Layer {
  key: string;
  name: string;
  color: string;
  /** A model's entries may carry their scores. */
  entries: PredictedEntry[];
  dashed?: boolean;
  /** Where a shape's caption goes: inside its top edge (default), or its bottom edge, clear of another layer's. */
  captionAt?: "top" | "bottom";
}

/** What the layers are drawn over: the item's media and its size. */
export interface LayeredMedia {
  originalName: string;
  mediaUrl: string;
  /** A big image's screen-sized rendition, shown instead of the original (the layers are in the original's pixels). */
  renditionUrl?: string | null;
  peaksUrl: string | null;
  width: number | null;
  height: number | null;
  durationMs: number | null;
}

/** A shape's caption: its label, and the model's score when it gave one. */
function captionOf(entry: PredictedEntry): string {
  const label = "label" in entry ? entry.label : "";
  return entry.score === undefined ? label : `${label} (${entry.score.toFixed(2)})`;
}

/** The layers' boxes and polygons over the image; with `captions`, each shape's label (and score) at its left edge. */
export function ImageOverlays({ item, layers, visible, label = "Labelers' shapes", captions = false }: { item: LayeredMedia; layers: Layer[]; visible: Set<string>; label?: string; captions?: boolean }) {
  const width = item.width ?? 1;
  const height = item.height ?? 1;
  // Captions in image pixels, about a thirtieth of the image across whatever its size.
  const fontSize = Math.max(width, height) / 30;
  return (
    <div className="relative inline-block max-w-full">
      <img src={shownImageUrl(item)} alt={item.originalName} className="block max-h-[60vh] max-w-full" />
      <svg viewBox={`0 0 ${width} ${height}`} className="pointer-events-none absolute inset-0 h-full w-full" aria-label={label} role="img">
        {layers
          .filter((layer) => visible.has(layer.key))
          .flatMap((layer) =>
            layer.entries.map((entry, index) => {
              const common = { fill: "none", stroke: layer.color, strokeWidth: 3, vectorEffect: "non-scaling-stroke" as const, strokeDasharray: layer.dashed ? "8 5" : undefined, "data-layer": layer.key };
              const xs = entry.type === "bbox" ? [entry.x] : entry.type === "polygon" ? entry.points.map((point) => point[0]) : null;
              const ys = entry.type === "bbox" ? [entry.y, entry.y + entry.height] : entry.type === "polygon" ? entry.points.map((point) => point[1]) : null;
              if (!xs || !ys) return null;
              const captionX = Math.min(...xs) + fontSize / 4;
              const captionY = layer.captionAt === "bottom" ? Math.max(...ys) - fontSize / 3 : Math.min(...ys) + fontSize;
              return (
                <g key={`${layer.key}-${index}`}>
                  {entry.type === "bbox" ? <rect {...common} x={entry.x} y={entry.y} width={entry.width} height={entry.height} /> : null}
                  {entry.type === "polygon" ? <polygon {...common} points={entry.points.map((point) => point.join(",")).join(" ")} /> : null}
                  {captions ? (
                    <text x={captionX} y={captionY} fontSize={fontSize} fill={layer.color} stroke="#ffffff" strokeWidth={fontSize / 6} paintOrder="stroke" fontWeight={600} data-caption={layer.key}>
                      {captionOf(entry)}
                    </text>
                  ) : null}
                </g>
              );
            }),
          )}
      </svg>
    </div>
  );
}

type SegmentEntry = Extract<ResultEntry, { type: "segment" }> & { score?: number };

const segmentsOf = (entries: readonly PredictedEntry[], task?: string) => entries.filter((entry): entry is SegmentEntry => entry.type === "segment" && (task === undefined || entry.task === task));

/**
 * The rows of every lane: each segment label someone drew (the consensus included), in the order of the tasks and
 * their classes, so that segments overlapping in time (noise under speech) each keep a row and lanes line up.
 */
function laneRows(tasks: readonly Task[], layers: readonly Layer[]): { task: string; label: string }[] {
  const segments = layers.flatMap((layer) => segmentsOf(layer.entries));
  return tasks.flatMap((task) => {
    if (task.type !== "segment") return [];
    const drawn = new Set(segments.filter((entry) => entry.task === task.key).map((entry) => entry.label));
    const known = allowedLabels(task);
    return [...known.filter((label) => drawn.has(label)), ...[...drawn].filter((label) => !known.includes(label)).sort()].map((label) => ({ task: task.key, label }));
  });
}

/**
 * A layer's segment transcripts against the reference's (the consensus, or the final label), per segment task with
 * transcripts: segments matched within their label, WER after normalisation over the pairs where both have a
 * transcript. Empty without a reference.
 */
function transcriptWers(tasks: readonly Task[], layer: Layer, reference: Layer | undefined): string[] {
  if (!reference || layer === reference) return [];
  return tasks.flatMap((task) => {
    if (task.type !== "segment" || !task.transcript) return [];
    const { wer, pairs } = segmentTranscriptWer(segmentsOf(reference.entries, task.key), segmentsOf(layer.entries, task.key), { rules: DEFAULT_NORMALISATION });
    if (wer.value === null) return [];
    const named = tasks.filter((candidate) => candidate.type === "segment").length > 1 ? `${task.key} ` : "";
    return [`${named}transcripts: WER ${wer.value.toFixed(2)} against the ${reference.name.toLowerCase()} over ${pairs} segment${pairs === 1 ? "" : "s"}`];
  });
}

const possessive = (name: string) => (name.endsWith("s") ? `${name}'` : `${name}'s`);

/**
 * The waveform with a lane under it per layer, a row per segment label; each lane's transcripts' WER against `reference`.
 * Each lane plays its own segments one after the other, and a segment clicked plays alone.
 */
export function AudioLanes({ item, tasks, layers, reference }: { item: LayeredMedia; tasks: readonly Task[]; layers: Layer[]; reference?: Layer }) {
  const duration = (item.durationMs ?? 1) / 1000;
  const rows = laneRows(tasks, layers);
  const [wavesurfer, setWavesurfer] = useState<WaveSurfer | null>(null);
  const player = useLanePlayer(wavesurfer);
  return (
    <div className="space-y-2">
      {item.peaksUrl ? <ReviewWaveform mediaUrl={item.mediaUrl} peaksUrl={item.peaksUrl} name={item.originalName} onReady={setWavesurfer} /> : null}
      {/* Lanes only where there are segments: whole-clip transcripts are compared below. */}
      {(rows.length ? layers : []).map((layer) => {
        const wers = transcriptWers(tasks, layer, reference);
        const segments = segmentsOf(layer.entries);
        const lanePlaying = player.playing === layer.key;
        return (
          <div key={layer.key} data-lane={layer.key}>
            <div className="flex items-center gap-2">
              <button
                type="button"
                onClick={() => player.toggle(layer.key, segments)}
                disabled={!wavesurfer || !segments.length}
                aria-label={`${lanePlaying ? "Stop" : "Play"} ${possessive(layer.name)} segments`}
                aria-pressed={lanePlaying}
                className="rounded border border-slate-300 bg-white px-1.5 text-xs leading-5 text-slate-800 hover:bg-slate-50 disabled:opacity-50"
              >
                {lanePlaying ? "■" : "▶"}
              </button>
              <span className="block min-w-0 truncate text-xs text-slate-700">
                {layer.name}
                {wers.length ? <span className="text-slate-600" data-transcript-wer> · {wers.join(" · ")}</span> : null}
              </span>
            </div>
            {/* Full width, like the waveform above, so times line up; one row per label. */}
            <div className="space-y-px" aria-label={`${layer.name}: segments`}>
              {rows.map((row) => (
                <div key={`${row.task}:${row.label}`} className="relative h-5 rounded bg-slate-100" aria-label={`${layer.name}: ${row.label}`} data-row={row.label}>
                  {segmentsOf(layer.entries, row.task)
                    .filter((entry) => entry.label === row.label)
                    .map((entry, index) => {
                      const key = `${layer.key}:${row.task}:${row.label}:${index}`;
                      const times = `${formatClock(entry.start, 1)}–${formatClock(entry.end, 1)}`;
                      return (
                        <button
                          type="button"
                          key={index}
                          onClick={() => player.toggle(key, [entry])}
                          disabled={!wavesurfer}
                          aria-label={`${player.playing === key ? "Stop" : "Play"} ${possessive(layer.name)} ${entry.label} ${times}`}
                          title={`${entry.label} ${times}${entry.score === undefined ? "" : ` (${entry.score.toFixed(2)})`}${entry.transcript ? `: ${entry.transcript}` : ""}`}
                          className={`absolute inset-y-0.5 truncate rounded px-1 text-left text-[10px] leading-4 text-white ${layer.dashed ? "outline-2 outline-dashed outline-slate-900" : ""} ${player.playing === key ? "ring-2 ring-brand-600" : ""}`}
                          style={{ left: `${(100 * entry.start) / duration}%`, width: `${(100 * (entry.end - entry.start)) / duration}%`, background: layer.color }}
                        >
                          {entry.label}
                        </button>
                      );
                    })}
                </div>
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}
