"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState, type DragEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/client/api";

interface ImportResult {
  created: { id: string; name: string }[];
  duplicates: { name: string; itemId: string }[];
  rejected: { name: string; reason: string }[];
  labelStudio?: { annotations: number; goldLabels: number; skips: number; newLabelers: string[]; invited: string[]; unmappedAnnotators: string[]; predictions: { model: string; version: string; imported: number }[]; problems: string[] };
  labels?: { format: string; annotations: number; goldLabels: number; problems: string[] };
}
interface Preview {
  labelStudio: { newLabelers: string[]; invites: boolean; unmappedAnnotators: string[] };
}

const MANIFEST = /\.(csv|jsonl?|ndjson)$/i;

/** A Label Studio JSON export is an array of tasks with `data` (or one task); a JSON manifest is an array of rows with `file`. */
async function isLabelStudioExport(file: File): Promise<boolean> {
  if (!/\.json$/i.test(file.name)) return false;
  try {
    const parsed = JSON.parse(await file.text()) as unknown;
    return typeof ((Array.isArray(parsed) ? parsed[0] : parsed) as { data?: unknown } | undefined)?.data === "object";
  } catch {
    return false; // the server explains what is wrong with it
  }
}

/** A dataset's label file: CVAT XML, YOLO label files and their names (data.yaml, classes.txt), or COCO's annotations JSON. */
async function isLabelFile(file: File): Promise<boolean> {
  if (/\.(xml|txt|ya?ml)$/i.test(file.name)) return true;
  if (!/\.json$/i.test(file.name)) return false;
  try {
    const parsed = JSON.parse(await file.text()) as { images?: unknown; annotations?: unknown };
    return Array.isArray(parsed.images) && Array.isArray(parsed.annotations);
  } catch {
    return false;
  }
}

/** Drop media (and optionally one CSV/JSON/JSONL manifest, or a Label Studio export) to import them as one batch. */
export function ImportPanel({ projectId, mediaKind }: { projectId: string; mediaKind: "image" | "audio" }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  /**
   * Files held back until the manager has answered for the Label Studio export: the emails of annotators it names by
   * id only (`unmapped`, asked once: blank ones become the manager's), and whether its annotators become labelers (or are invited).
   */
  const [confirming, setConfirming] = useState<{ files: File[]; newLabelers: string[]; invites: boolean; unmapped: string[]; users?: Record<string, string> } | null>(null);
  const [emails, setEmails] = useState<Record<string, string>>({});
  /** Files with a dataset's label files, held until the manager says whose labels they are: a member's email, or "gold". */
  const [labelsFor, setLabelsFor] = useState<File[] | null>(null);
  const [owner, setOwner] = useState("gold");
  const members = useQuery({ queryKey: ["projects", projectId, "members"], queryFn: () => api<{ members: { userId: string; email: string; name: string }[] }>(`/projects/${projectId}/members`), enabled: labelsFor !== null });

  /** Imports the files; an export whose annotators are not all members, or are named by id only, is first shown to the manager, who decides. */
  async function upload(files: File[], { confirmNewLabelers = false, users, labelsBy }: { confirmNewLabelers?: boolean; users?: Record<string, string>; labelsBy?: string } = {}) {
    if (!files.length) return;
    const form = new FormData();
    const [labelStudio, labelFiles] = await Promise.all([Promise.all(files.map(isLabelStudioExport)), Promise.all(files.map(isLabelFile))]);
    const exports = files.filter((_, index) => labelStudio[index]);
    const labels = files.filter((_, index) => labelFiles[index]);
    if (labels.length && !labelsBy) {
      setLabelsFor(files);
      return;
    }
    const manifests = files.filter((file, index) => MANIFEST.test(file.name) && !labelStudio[index] && !labelFiles[index]);
    if (manifests.length > 1 || exports.length > 1) {
      setProblem("Drop at most one manifest (CSV, JSON or JSONL) and one Label Studio export with the media.");
      return;
    }
    for (const file of files) form.append(manifests.includes(file) ? "manifest" : exports.includes(file) ? "labelStudio" : labels.includes(file) ? "labels" : "files", file, file.name);
    if (users && Object.keys(users).length) form.append("labelStudioUsers", JSON.stringify(users));
    setBusy(true);
    setProblem(null);
    setResult(null);
    setConfirming(null);
    setLabelsFor(null);
    const query = new URLSearchParams(confirmNewLabelers ? { confirmNewLabelers: "1" } : {});
    if (labelsBy) query.set(labelsBy === "gold" ? "labelsAs" : "labelsBy", labelsBy);
    try {
      if (exports.length && !confirmNewLabelers) {
        const preview = new FormData();
        preview.append("labelStudio", exports[0]!, exports[0]!.name);
        if (users && Object.keys(users).length) preview.append("labelStudioUsers", JSON.stringify(users));
        const { labelStudio: wouldAdd } = await api<Preview>(`/projects/${projectId}/imports?dryRun=1`, { method: "POST", body: preview });
        const unmapped = users ? [] : wouldAdd.unmappedAnnotators;
        if (wouldAdd.newLabelers.length || unmapped.length) {
          setEmails({});
          setConfirming({ files, newLabelers: wouldAdd.newLabelers, invites: wouldAdd.invites, unmapped, users });
          return;
        }
      }
      const imported = await api<ImportResult>(`/projects/${projectId}/imports${query.size ? `?${query}` : ""}`, { method: "POST", body: form });
      setResult(imported);
      await queryClient.invalidateQueries({ queryKey: ["projects", projectId, "items"] });
      if (imported.labelStudio?.newLabelers.length) await queryClient.invalidateQueries({ queryKey: ["projects", projectId, "members"] });
      if (imported.labelStudio?.invited.length) await queryClient.invalidateQueries({ queryKey: ["projects", projectId, "invitations"] });
      router.refresh(); // the item count in the page header
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  /** The manager's answer: with annotators named by id, their emails (checked again by a preview); else the labelers confirmed. */
  function answer(held: NonNullable<typeof confirming>) {
    if (!held.unmapped.length) return void upload(held.files, { confirmNewLabelers: true, users: held.users });
    const users = Object.fromEntries(held.unmapped.flatMap((id) => (emails[id]?.trim() ? [[id, emails[id]!.trim()]] : [])));
    void upload(held.files, { users });
  }

  function drop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void upload([...event.dataTransfer.files]);
  }

  return (
    <Card title="Import">
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        className={`flex flex-col items-center justify-center rounded-lg border-2 border-dashed px-4 py-8 text-center text-sm ${dragging ? "border-brand-500 bg-brand-50" : "border-slate-300"}`}
      >
        <p className="font-medium text-slate-800">{busy ? "Importing…" : `Drop ${mediaKind === "image" ? "images" : "audio files"} here`}</p>
        <p className="mt-1 text-xs text-slate-500">Optionally with one manifest (CSV, JSON or JSONL) whose &ldquo;file&rdquo; column names each file; its other columns become metadata.</p>
        <p className="mt-1 text-xs text-slate-500">Moving from Label Studio? Add its JSON export: the annotations come along under their annotators&rsquo; accounts (matched by email).</p>
        {mediaKind === "image" ? <p className="mt-1 text-xs text-slate-500">A labeled dataset? Add its COCO .json, CVAT .xml, or YOLO .txt files with data.yaml, as a labeler&rsquo;s labels or as gold.</p> : null}
        <button type="button" onClick={() => input.current?.click()} disabled={busy} className="mt-3 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50">
          Choose files…
        </button>
        <input
          ref={input}
          type="file"
          multiple
          aria-label="Files to import"
          className="sr-only"
          accept={`${mediaKind === "image" ? "image/*,.xml,.txt,.yaml,.yml" : "audio/*"},.csv,.json,.jsonl,.ndjson`}
          onChange={(event) => {
            void upload([...(event.target.files ?? [])]);
            event.target.value = "";
          }}
        />
      </div>
      <div className="mt-3 space-y-2">
        {problem ? <Alert tone="error">{problem}</Alert> : null}
        {labelsFor ? (
          <Alert tone="info">
            <form
              className="flex flex-wrap items-end gap-2"
              onSubmit={(event) => {
                event.preventDefault();
                void upload(labelsFor, { labelsBy: owner });
              }}
            >
              <label className="text-sm">
                Import the labels
                <select aria-label="Whose labels" value={owner} onChange={(event) => setOwner(event.target.value)} className="mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
                  <option value="gold">as gold</option>
                  {(members.data?.members ?? []).map((member) => (
                    <option key={member.userId} value={member.email}>
                      as {member.name} ({member.email})
                    </option>
                  ))}
                </select>
              </label>
              <Button type="submit">Import</Button>
              <Button type="button" variant="secondary" onClick={() => setLabelsFor(null)}>
                Cancel
              </Button>
            </form>
          </Alert>
        ) : null}
        {confirming ? (
          <Alert tone="info">
            {confirming.unmapped.length ? (
              <div className="space-y-2">
                <p>
                  The Label Studio export names {confirming.unmapped.length === 1 ? "an annotator" : "annotators"} by Label Studio user id only. Give the email of each to import their annotations as
                  theirs; those left blank are imported as yours, their id kept with each annotation.
                </p>
                <div className="grid gap-2 sm:grid-cols-2">
                  {confirming.unmapped.map((id) => (
                    <TextField key={id} label={`Label Studio user ${id}`} type="email" placeholder="name@example.com" value={emails[id] ?? ""} onChange={(event) => setEmails({ ...emails, [id]: event.target.value })} />
                  ))}
                </div>
              </div>
            ) : null}
            {confirming.newLabelers.length ? (
              <p className={confirming.unmapped.length ? "mt-2" : undefined}>
                The Label Studio export has annotations by {confirming.newLabelers.length === 1 ? "someone who is not a member" : "people who are not members"} of this project:{" "}
                <strong>{confirming.newLabelers.join(", ")}</strong>.{" "}
                {confirming.invites
                  ? `Importing it invites ${confirming.newLabelers.length === 1 ? "them as a labeler" : "them as labelers"}; their annotations are left out until they accept and you import the export again.`
                  : `Importing it makes ${confirming.newLabelers.length === 1 ? "them a labeler" : "them labelers"} here: they will see the project and be given its items to label.`}
              </p>
            ) : null}
            <div className="mt-2 flex gap-2">
              <Button type="button" onClick={() => answer(confirming)}>
                {confirming.unmapped.length ? "Continue" : `Import and ${confirming.invites ? "invite" : "add"} as ${confirming.newLabelers.length === 1 ? "labeler" : "labelers"}`}
              </Button>
              <Button type="button" variant="secondary" onClick={() => setConfirming(null)}>
                Cancel
              </Button>
            </div>
          </Alert>
        ) : null}
        {result ? (
          <Alert tone={result.rejected.length || result.labelStudio?.problems.length || result.labels?.problems.length ? "info" : "success"}>
            <p>
              {result.created.length} imported, {result.duplicates.length} already in the project, {result.rejected.length} refused.
            </p>
            {result.rejected.length ? (
              <ul className="mt-1 list-disc pl-5">
                {result.rejected.map((rejection) => (
                  <li key={`${rejection.name}:${rejection.reason}`}>
                    <strong>{rejection.name}</strong>: {rejection.reason}
                  </li>
                ))}
              </ul>
            ) : null}
            {result.labelStudio ? (
              <>
                <p className="mt-2">
                  {result.labelStudio.annotations} Label Studio annotation{result.labelStudio.annotations === 1 ? "" : "s"} imported
                  {result.labelStudio.goldLabels ? `, ${result.labelStudio.goldLabels} as gold label${result.labelStudio.goldLabels === 1 ? "" : "s"}` : ""}
                  {result.labelStudio.skips ? `, ${result.labelStudio.skips} cancelled as skip${result.labelStudio.skips === 1 ? "" : "s"}` : ""}
                  {result.labelStudio.newLabelers.length ? `; now labelers here: ${result.labelStudio.newLabelers.join(", ")}` : ""}
                  {result.labelStudio.invited.length ? `; invited as labelers: ${result.labelStudio.invited.join(", ")}` : ""}.
                </p>
                {result.labelStudio.predictions.map(({ model, version, imported }) => (
                  <p key={`${model} ${version}`}>
                    {imported} prediction{imported === 1 ? "" : "s"} of model {model} imported as version {version}.
                  </p>
                ))}
                {result.labelStudio.problems.length ? (
                  <ul className="mt-1 list-disc pl-5">
                    {result.labelStudio.problems.map((problem) => (
                      <li key={problem}>{problem}</li>
                    ))}
                  </ul>
                ) : null}
              </>
            ) : null}
            {result.labels ? (
              <>
                <p className="mt-2">
                  {result.labels.goldLabels
                    ? `${result.labels.goldLabels} ${result.labels.format.toUpperCase()} gold label${result.labels.goldLabels === 1 ? "" : "s"} imported.`
                    : `${result.labels.annotations} ${result.labels.format.toUpperCase()} annotation${result.labels.annotations === 1 ? "" : "s"} imported.`}
                </p>
                {result.labels.problems.length ? (
                  <ul className="mt-1 list-disc pl-5">
                    {result.labels.problems.map((problem) => (
                      <li key={problem}>{problem}</li>
                    ))}
                  </ul>
                ) : null}
              </>
            ) : null}
          </Alert>
        ) : null}
      </div>
    </Card>
  );
}
