"use client";
// A manager's quality settings: when items go to review, and which label variants count as one, with
// the project's agreement before and after those rules, so the effect of a rule is visible.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { api } from "@/lib/client/api";
import type { FlagRules } from "@/lib/review/rules";
import type { Standardization } from "@/lib/review/standardize";
import { allowedLabels, type Task } from "@/lib/validation/project";

interface TaskFigures {
  type: string;
  alpha?: { value: number | null };
  mean?: { value: number | null };
  figure?: string;
}

const THRESHOLDS: { key: keyof FlagRules; label: string }[] = [
  { key: "minClassAgreement", label: "Least share agreeing on a class" },
  { key: "minShapeF1", label: "Least box/polygon matched F1" },
  { key: "minSegmentF1", label: "Least segment matched F1" },
  { key: "maxTranscriptWer", label: "Largest transcript WER" },
  { key: "minConsensusConfidence", label: "Least consensus confidence" },
];
const SWITCHES: { key: keyof FlagRules; label: string }[] = [
  { key: "flagUncertainty", label: "Review uncertainty votes, uncertain marks and [unintelligible]" },
  { key: "flagTies", label: "Review ties" },
  { key: "escalate", label: "Ask one more labeler (up to the maximum) before review" },
];

/** Merges written one per line as `task: variant, variant -> canonical`; transcript rules as `from -> to`. */
function mergesToText(merges: Standardization["classMerges"]): string {
  return merges.map((merge) => `${merge.task}: ${merge.from.join(", ")} -> ${merge.to}`).join("\n");
}
function textToMerges(text: string): Standardization["classMerges"] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [task = "", rest = ""] = line.split(/:(.*)/s);
      const [from = "", to = ""] = rest.split("->");
      return { task: task.trim(), from: from.split(",").map((value) => value.trim()).filter(Boolean), to: to.trim() };
    });
}
function rulesToText(rules: Standardization["transcriptRules"]): string {
  return rules.map((rule) => `${rule.from} -> ${rule.to}`).join("\n");
}
function textToRules(text: string): Standardization["transcriptRules"] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [from = "", to = ""] = line.split("->");
      return { from: from.trim(), to: to.trim(), caseSensitive: false };
    });
}

const figureOf = (figures: TaskFigures | undefined) => {
  const value = figures?.type === "classification" ? figures.alpha?.value : figures?.mean?.value;
  return value === null || value === undefined ? "—" : value.toFixed(3);
};

export function QualitySettings({ projectId, tasks, reviewRules, standardization }: { projectId: string; tasks: Task[]; reviewRules: FlagRules; standardization: Standardization }) {
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const agreementQuery = (standardized: boolean) => ({
    queryKey: ["projects", projectId, "agreement", standardized],
    queryFn: () => api<{ labeledItems: number; tasks: Record<string, TaskFigures> }>(`/projects/${projectId}/agreement?standardized=${standardized ? 1 : 0}`),
  });
  const before = useQuery(agreementQuery(false));
  const after = useQuery(agreementQuery(true));
  const save = useMutation({
    mutationFn: (patch: object) => api(`/projects/${projectId}`, { method: "PATCH", json: patch }),
    onSuccess: async () => {
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ["projects", projectId, "agreement"] });
    },
  });

  return (
    <Card title="Review and standardization">
      <form
        className="space-y-5 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(false);
          const form = new FormData(event.currentTarget);
          const rules = Object.fromEntries([...THRESHOLDS.map(({ key }) => [key, Number(form.get(key))]), ...SWITCHES.map(({ key }) => [key, form.get(key) === "on"])]);
          save.mutate({
            reviewRules: rules,
            standardization: { classMerges: textToMerges(String(form.get("classMerges"))), transcriptRules: textToRules(String(form.get("transcriptRules"))) },
          });
        }}
      >
        <fieldset className="grid gap-3 sm:grid-cols-2">
          <legend className="mb-2 font-semibold text-slate-900">When an item goes to review</legend>
          {THRESHOLDS.map(({ key, label }) => (
            <label key={key} className="block">
              <span className="text-slate-700">{label}</span>
              <input name={key} type="number" step="0.01" min="0" max={key === "maxTranscriptWer" ? undefined : 1} defaultValue={String(reviewRules[key])} className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5" />
            </label>
          ))}
          {SWITCHES.map(({ key, label }) => (
            <label key={key} className="flex items-center gap-2 sm:col-span-2">
              <input name={key} type="checkbox" defaultChecked={reviewRules[key] as boolean} />
              {label}
            </label>
          ))}
        </fieldset>
        <fieldset className="space-y-3">
          <legend className="mb-2 font-semibold text-slate-900">Standardization (applied when labels are compared and exported; stored labels stay as given)</legend>
          <label className="block">
            <span className="text-slate-700">Class merges, one per line: task: variant, variant -&gt; class</span>
            <textarea name="classMerges" rows={3} defaultValue={mergesToText(standardization.classMerges)} placeholder="defect: deep scratch, shallow scratch -> scratch" className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-xs" />
          </label>
          <label className="block">
            <span className="text-slate-700">Transcript rules, one per line: from -&gt; to (whole words, any case)</span>
            <textarea name="transcriptRules" rows={3} defaultValue={rulesToText(standardization.transcriptRules)} placeholder="Umm -> Um" className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-xs" />
          </label>
          <p className="text-xs text-slate-500">
            Classes:{" "}
            {tasks
              .filter((task) => task.type !== "transcript")
              .map((task) => `${task.key} (${allowedLabels(task).join(", ")})`)
              .join("; ")}
          </p>
        </fieldset>
        {save.error ? <Alert tone="error">{save.error.message}</Alert> : null}
        {saved ? <Alert tone="success">Saved. Items are judged with these rules from their next label on.</Alert> : null}
        <Button type="submit" disabled={save.isPending}>
          Save quality settings
        </Button>
      </form>
      <table className="mt-6 w-full text-sm" aria-label="Agreement before and after standardization">
        <thead className="text-left text-xs text-slate-500">
          <tr>
            <th className="py-1">Task</th>
            <th>Figure</th>
            <th>As labeled</th>
            <th>Standardized</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => (
            <tr key={task.key} className="border-t border-slate-100">
              <td className="py-1.5">{task.key}</td>
              <td className="text-xs text-slate-600">{task.type === "classification" ? "Krippendorff's alpha" : (after.data?.tasks[task.key]?.figure ?? "")}</td>
              <td>{figureOf(before.data?.tasks[task.key])}</td>
              <td>{figureOf(after.data?.tasks[task.key])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-xs text-slate-500">Over {after.data?.labeledItems ?? 0} items with submitted labels.</p>
    </Card>
  );
}
