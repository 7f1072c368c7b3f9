"use client";
// One item of the error analysis: the final label and the model's prediction side by side on the media (shapes in two
// colours with their classes and scores over the image, a lane each under the waveform, transcripts aligned word by
// word), the classes in words, the item's outcome and metadata, and a way to open it in review.
import Link from "next/link";
import { useMemo, useState } from "react";
import { AudioLanes, ImageOverlays, type LayeredMedia, type Layer } from "@/components/review/result-layers";
import { TranscriptComparison, type Reference } from "@/components/review/transcript-comparison";
import { answerText, outcomeText } from "@/lib/evaluation/answer-text";
import type { PredictedEntry } from "@/lib/evaluation/types";
import type { Standardization } from "@/lib/review/standardize";
import type { Task } from "@/lib/validation/project";

export interface ModelErrorEntry extends LayeredMedia {
  id: string;
  mimeType: string;
  metadata: Record<string, string | number | boolean | null>;
  outcome: { measure: number; error: boolean; watchHit: boolean };
  final: PredictedEntry[] | null;
  prediction: { result: PredictedEntry[]; score: number | null };
  tags: string[];
}

// Okabe–Ito blue and vermillion: told apart also with colour-blindness.
const FINAL_COLOR = "#0072B2";
const MODEL_COLOR = "#D55E00";
const AGAINST_FINAL: Reference = { noun: "final label", answerer: "model", label: "Final label" };

export function ErrorAnalysisItem({ projectId, item, task, model, standardization }: { projectId: string; item: ModelErrorEntry; task: Task; model: string; standardization: Standardization }) {
  const layers: Layer[] = useMemo(
    () => [
      { key: "final", name: "Final label", color: FINAL_COLOR, entries: item.final ?? [] },
      { key: "model", name: `Model ${model}`, color: MODEL_COLOR, entries: item.prediction.result, captionAt: "bottom" },
    ],
    [item, model],
  );
  const [visible, setVisible] = useState(() => new Set(["final", "model"]));
  const isImage = item.mimeType.startsWith("image/");
  const metadata = Object.entries(item.metadata);
  return (
    <article aria-label={`Item ${item.originalName}`} className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-base font-semibold">{item.originalName}</h2>
        <Link href={`/projects/${projectId}/review?item=${item.id}`} className="text-sm text-brand-700 underline">
          Open in review
        </Link>
      </div>
      <p className="text-sm" data-testid="classes-in-words">
        <span className="font-medium" style={{ color: FINAL_COLOR }}>
          final: {item.final ? answerText(item.final) : "none any more"}
        </span>
        {" · "}
        <span className="font-medium" style={{ color: MODEL_COLOR }}>
          model: {answerText(item.prediction.result)}
        </span>
      </p>
      <p className="text-sm text-slate-700" data-testid="outcome">
        <span className={item.outcome.error ? "font-semibold text-red-700" : "font-semibold text-emerald-700"}>{outcomeText(task, item.outcome)}</span>
        {item.prediction.score === null ? "" : ` · model's confidence ${item.prediction.score.toFixed(2)}`}
        {item.outcome.watchHit ? " · says a watch-list term the final label does not" : ""}
      </p>
      {isImage ? (
        <div className="space-y-1">
          <fieldset className="flex flex-wrap gap-4 text-sm">
            <legend className="sr-only">Layers shown</legend>
            {layers.map((layer) => (
              <label key={layer.key} className="flex items-center gap-1.5">
                <input
                  type="checkbox"
                  checked={visible.has(layer.key)}
                  onChange={() => setVisible((shown) => new Set(shown.has(layer.key) ? [...shown].filter((key) => key !== layer.key) : [...shown, layer.key]))}
                />
                <span className="inline-block h-3 w-3 rounded-sm" style={{ background: layer.color }} aria-hidden />
                Show {layer.name.toLowerCase()}
              </label>
            ))}
          </fieldset>
          <ImageOverlays item={item} layers={layers} visible={visible} label="Final label and prediction" captions />
        </div>
      ) : (
        <AudioLanes item={item} tasks={[task]} layers={layers} reference={layers[0]} />
      )}
      <TranscriptComparison tasks={[task]} labelers={layers.slice(1)} consensus={item.final} standardization={standardization} reference={AGAINST_FINAL} />
      {metadata.length ? (
        <dl aria-label="Metadata" className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs text-slate-700">
          {metadata.map(([key, value]) => (
            <div key={key} className="contents">
              <dt className="font-medium text-slate-500">{key}</dt>
              <dd>{String(value)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </article>
  );
}
