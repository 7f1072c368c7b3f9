"use client";
// Import a model version's predictions from a file (managers): JSON `{model, predictions}` or JSON Lines, sent to
// POST …/predictions in parts of PREDICTIONS_PART_SIZE as the CLI sends them (JSON Lines as application/x-ndjson
// with the model in the query), so a file over the API's JSON limit goes in as well. One report for all parts.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/client/api";
import type { PredictionsImportReport } from "@/lib/validation/predictions";
import { parsePredictionsText, predictionParts, type PredictionsFile } from "@/lib/validation/predictions-file";
import { evaluationKey, modelsKey } from "./queries";

/** Rejections listed one by one; the rest are counted. */
const LISTED_REJECTIONS = 20;

type ModelFields = { name: string; version: string; trainingExport: string };

async function sendInParts(projectId: string, file: PredictionsFile, model: ModelFields): Promise<PredictionsImportReport> {
  const ref = { name: model.name, version: model.version, ...(model.trainingExport ? { trainingExport: model.trainingExport } : {}) };
  const path = `/projects/${projectId}/predictions`;
  const sendPart = (predictions: unknown[]) =>
    file.lines
      ? api<PredictionsImportReport>(`${path}?${new URLSearchParams({ model: ref.name, version: ref.version, ...(ref.trainingExport ? { trainingExport: ref.trainingExport } : {}) })}`, {
          method: "POST",
          headers: { "Content-Type": "application/x-ndjson" },
          body: predictions.map((prediction) => JSON.stringify(prediction)).join("\n"),
        })
      : api<PredictionsImportReport>(path, { method: "POST", json: { model: { ...(file.model as object), ...ref }, predictions } });
  const parts = predictionParts(file.predictions);
  if (!parts.length) throw new Error("The file holds no predictions.");
  const report = await sendPart(parts[0]!);
  for (const part of parts.slice(1)) {
    const more = await sendPart(part);
    report.imported += more.imported;
    report.rejected.push(...more.rejected);
  }
  return report;
}

export function ImportPredictions({ projectId }: { projectId: string }) {
  const queryClient = useQueryClient();
  const fileId = useId();
  const [file, setFile] = useState<{ name: string; parsed: PredictionsFile } | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [model, setModel] = useState<ModelFields>({ name: "", version: "", trainingExport: "" });
  const upload = useMutation({
    mutationFn: ({ parsed, fields }: { parsed: PredictionsFile; fields: ModelFields }) => sendInParts(projectId, parsed, fields),
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: modelsKey(projectId) }), queryClient.invalidateQueries({ queryKey: evaluationKey(projectId) })]),
  });

  async function choose(chosen: File | undefined) {
    setFile(null);
    setFileProblem(null);
    upload.reset();
    if (!chosen) return;
    try {
      const parsed = parsePredictionsText(await chosen.text(), chosen.name);
      setFile({ name: chosen.name, parsed });
      // A JSON file names its model: the fields start from it.
      const named = (parsed.model ?? {}) as Partial<Record<keyof ModelFields, unknown>>;
      const text = (value: unknown, fallback: string) => (typeof value === "string" ? value : fallback);
      setModel((current) => ({ name: text(named.name, current.name), version: text(named.version, current.version), trainingExport: text(named.trainingExport, current.trainingExport) }));
    } catch (error) {
      setFileProblem(error instanceof Error ? error.message : String(error));
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) {
      setFileProblem("Choose a predictions file.");
      return;
    }
    upload.mutate({ parsed: file.parsed, fields: { name: model.name.trim(), version: model.version.trim(), trainingExport: model.trainingExport.trim() } });
  }

  const report = upload.data;
  return (
    <Card title="Import predictions">
      <form onSubmit={submit} className="grid gap-3 text-sm sm:grid-cols-2">
        <div className="space-y-1.5 sm:col-span-2">
          <label htmlFor={fileId} className="block text-sm font-medium text-slate-700">
            Predictions file (JSON or JSON Lines)
          </label>
          <input id={fileId} type="file" accept=".json,.jsonl,.ndjson,application/json" onChange={(event) => void choose(event.target.files?.[0])} className="block text-sm" aria-describedby={`${fileId}-help`} />
          <p id={`${fileId}-help`} className="text-xs text-slate-500">
            JSON <code>{"{model, predictions}"}</code> or one prediction a line; each prediction <code>{"{item, result, score?}"}</code> names its item by id or original file name.
            {file ? ` ${file.parsed.predictions.length} predictions read from ${file.name}.` : ""}
          </p>
          {fileProblem ? <Alert tone="error">{fileProblem}</Alert> : null}
        </div>
        <TextField label="Model name" value={model.name} onChange={(event) => setModel({ ...model, name: event.target.value })} required />
        <TextField label="Model version" value={model.version} onChange={(event) => setModel({ ...model, version: event.target.value })} required />
        <div className="sm:col-span-2">
          <TextField
            label="Training export sha256 (optional)"
            value={model.trainingExport}
            onChange={(event) => setModel({ ...model, trainingExport: event.target.value })}
            placeholder="the manifest sha256 of the export it was trained on"
            pattern="[0-9a-f]{64}"
            title="64 hex digits: the sha256 of the Concord export's manifest"
          />
        </div>
        <div className="sm:col-span-2">
          <Button type="submit" disabled={upload.isPending}>
            {upload.isPending ? "Importing…" : "Import predictions"}
          </Button>
        </div>
      </form>
      {upload.isError ? (
        <div className="mt-3">
          <Alert tone="error">{upload.error.message}</Alert>
        </div>
      ) : null}
      {report ? (
        <div className="mt-3 space-y-2 text-sm" aria-label="Import report">
          <Alert tone={report.rejected.length ? "info" : "success"}>
            {report.imported} imported into {report.model.name} {report.model.version}; {report.rejected.length} rejected.
          </Alert>
          {report.rejected.length ? (
            <ul className="list-disc space-y-0.5 pl-5 text-xs text-slate-700" aria-label="Rejected predictions">
              {report.rejected.slice(0, LISTED_REJECTIONS).map((rejection, index) => (
                <li key={index}>
                  <code>{rejection.item}</code>: {rejection.reason}
                </li>
              ))}
              {report.rejected.length > LISTED_REJECTIONS ? <li>and {report.rejected.length - LISTED_REJECTIONS} more</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
