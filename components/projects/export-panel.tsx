"use client";
// Export for reviewers and managers: a plain GET form, so the browser downloads the streamed zip itself. It offers
// only what the API accepts for the chosen format (labels=all, polygons, per).
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { ALL_ANNOTATIONS_FORMATS, EXPORT_FORMATS, type ExportFormat } from "@/lib/validation/export";

const FORMAT_LABEL: Record<ExportFormat, string> = {
  jsonl: "JSONL (everything, lossless)",
  csv: "CSV (one row per item)",
  coco: "COCO (boxes and polygons)",
  yolo: "YOLO (labels and images)",
  "label-studio": "Label Studio JSON",
  "asr-manifest": "ASR manifest (JSONL)",
  "segments-csv": "Segments CSV",
};

const fieldClass = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5";

export function ExportPanel({ projectId }: { projectId: string }) {
  const [format, setFormat] = useState<ExportFormat>(EXPORT_FORMATS[0]);
  const [labels, setLabels] = useState("final");
  const offersAll = ALL_ANNOTATIONS_FORMATS.includes(format);
  return (
    <Card title="Export">
      <form method="get" action={`/api/v1/projects/${projectId}/export`} className="grid gap-3 text-sm sm:grid-cols-2">
        <label className="block">
          <span className="text-slate-700">Format</span>
          <select name="format" value={format} onChange={(event) => setFormat(event.target.value as ExportFormat)} className={fieldClass}>
            {EXPORT_FORMATS.map((format) => (
              <option key={format} value={format}>
                {FORMAT_LABEL[format]}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="text-slate-700">Labels</span>
          {/* A format with one label per item cannot take every labeler's: "all" falls back to the final label. */}
          <select name="labels" value={labels === "all" && !offersAll ? "final" : labels} onChange={(event) => setLabels(event.target.value)} className={fieldClass}>
            <option value="final">Final (gold where decided, else consensus)</option>
            <option value="consensus">Consensus</option>
            <option value="gold">Gold only</option>
            {offersAll ? <option value="all">All annotations (every labeler&apos;s)</option> : null}
          </select>
        </label>
        {format === "yolo" ? (
          <label className="block">
            <span className="text-slate-700">Polygons</span>
            <select name="polygons" className={fieldClass}>
              <option value="boxes">As bounding boxes (detection)</option>
              <option value="segments">As outlines (segmentation)</option>
            </select>
          </label>
        ) : null}
        {format === "asr-manifest" ? (
          <label className="block">
            <span className="text-slate-700">Manifest lines</span>
            <select name="per" className={fieldClass}>
              <option value="clip">One per clip</option>
              <option value="segment">One per transcribed segment</option>
            </select>
          </label>
        ) : null}
        <label className="block">
          <span className="text-slate-700">Also include</span>
          <select name="include" className={fieldClass}>
            <option value="">Only accepted and resolved items</option>
            <option value="unresolved">Unresolved items</option>
            <option value="excluded">Excluded items</option>
            <option value="unresolved,excluded">Both</option>
          </select>
        </label>
        <label className="block">
          <span className="text-slate-700">Standardization</span>
          <select name="standardized" className={fieldClass}>
            {/* Empty: the API's default, the rules on final labels while each labeler's annotation stays as submitted. */}
            <option value="">Rules on final labels only</option>
            <option value="1">Rules on annotations too</option>
            <option value="0">None (labels as given)</option>
          </select>
        </label>
        <label className="block">
          <span className="text-slate-700">Split (train,dev,test)</span>
          <input name="split" placeholder="70,15,15" className={fieldClass} />
        </label>
        <label className="block">
          <span className="text-slate-700">Seed</span>
          <input name="seed" type="number" min={0} defaultValue={0} className={fieldClass} />
        </label>
        <label className="block sm:col-span-2">
          <span className="text-slate-700">Keep groups together by metadata key (optional)</span>
          <input name="groupBy" placeholder="speaker" className={fieldClass} />
        </label>
        <div className="sm:col-span-2">
          <button type="submit" className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Download export
          </button>
          <p className="mt-2 text-xs text-slate-500">A zip with the data and manifest.json: parameters, counts per class and split, objects per class, items left out and why, guideline versions, and a hash of every file.</p>
        </div>
      </form>
    </Card>
  );
}
