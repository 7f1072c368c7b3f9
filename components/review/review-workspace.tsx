"use client";
// The reviewer's screen: the queue of flagged items, lowest agreement first, and for the chosen item
// every labeler's answer side by side (overlays on the image, lanes under the audio with a row per label and
// the WER of each labeler's segment transcripts against the consensus, transcripts aligned with the consensus),
// the consensus proposal, the reasons and provenance, the decisions made so far with the final label, and a new
// decision with a reason and a category.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useEffect, useMemo, useState } from "react";
import { GuidelineDraftForm } from "@/components/guidelines/draft-form";
import { DecisionFields } from "./decision-fields";
import { DecisionHistory, FinalLabel, type Decision } from "./decision-history";
import { FinalLabelEditor } from "./final-label-editor";
import { JudgmentHistory, ModelOpinions, type Judgment, type RevisionRequest } from "./judgment-history";
import { RelabelFields, relabelChoiceOf, type RelabelChoice } from "./relabel-fields";
import { TranscriptComparison } from "./transcript-comparison";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/client/api";
import { DEFAULT_NORMALISATION, segmentTranscriptWer } from "@/lib/quality/text-and-segments";
import type { ReviewState } from "@/lib/review/final-label";
import { FLAG_REASON_CODES } from "@/lib/review/rules";
import type { Standardization } from "@/lib/review/standardize";
import type { ResultEntry } from "@/lib/validation/annotation";
import { decisionSchema } from "@/lib/validation/items";
import { allowedLabels, type Task } from "@/lib/validation/project";
import { firstProblem } from "@/lib/validation/parse";

// wavesurfer runs in the browser only.
const ReviewWaveform = dynamic(() => import("./review-waveform").then((module) => module.ReviewWaveform), { ssr: false });

interface Reason {
  code: string;
  task?: string;
  detail: string;
}
interface QueueItem {
  itemId: string;
  originalName: string;
  reasons: Reason[];
  score: number | null;
}
interface Annotation {
  id: string;
  labeler: { id: string; name: string };
  result: ResultEntry[];
  submittedAt: string;
  activeMs: number;
  guidelineVersion: number | null;
}
interface ItemDetail {
  id: string;
  originalName: string;
  mimeType: string;
  mediaUrl: string;
  peaksUrl: string | null;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  metadata: Record<string, unknown>;
  review: {
    state: ReviewState;
    reasons: Reason[];
    score: number | null;
    /** The latest judgment: the consensus proposal. */
    consensus: (Judgment & { result: ResultEntry[] }) | null;
    /** Every judgment, newest first. */
    history: Judgment[];
    /** Newest first. */
    decisions: Decision[];
    gold: ResultEntry[] | null;
    revisionRequests: RevisionRequest[];
    /** Whom relabeling asks to revise by default. */
    relabelDefault: string[];
  };
}

const STATE_IN_WORDS: Record<ReviewState, string> = {
  open: "Open: waiting for its labels",
  escalated: "Escalated: waiting for one more labeler",
  accepted: "Accepted: its consensus is the final label",
  flagged: "Flagged for review",
  resolved: "Resolved by a reviewer's decision",
  excluded: "Excluded as ambiguous by a reviewer's decision",
};

// Distinct, colour-blind-friendly colours (Okabe–Ito) for the labelers; the consensus is drawn in slate,
// dashed, and the final label in black, solid.
const LABELER_COLORS = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442"];

interface Layer {
  key: string;
  name: string;
  color: string;
  entries: ResultEntry[];
  dashed?: boolean;
}

function ImageOverlays({ item, layers, visible }: { item: ItemDetail; layers: Layer[]; visible: Set<string> }) {
  const width = item.width ?? 1;
  const height = item.height ?? 1;
  return (
    <div className="relative inline-block max-w-full">
      <img src={item.mediaUrl} alt={item.originalName} className="block max-h-[60vh] max-w-full" />
      <svg viewBox={`0 0 ${width} ${height}`} className="pointer-events-none absolute inset-0 h-full w-full" aria-label="Labelers' shapes" role="img">
        {layers
          .filter((layer) => visible.has(layer.key))
          .flatMap((layer) =>
            layer.entries.map((entry, index) => {
              const common = { key: `${layer.key}-${index}`, fill: "none", stroke: layer.color, strokeWidth: 3, vectorEffect: "non-scaling-stroke" as const, strokeDasharray: layer.dashed ? "8 5" : undefined, "data-layer": layer.key };
              if (entry.type === "bbox") return <rect {...common} x={entry.x} y={entry.y} width={entry.width} height={entry.height} />;
              if (entry.type === "polygon") return <polygon {...common} points={entry.points.map((point) => point.join(",")).join(" ")} />;
              return null;
            }),
          )}
      </svg>
    </div>
  );
}

type SegmentEntry = Extract<ResultEntry, { type: "segment" }>;

const segmentsOf = (entries: readonly ResultEntry[], task?: string) => entries.filter((entry): entry is SegmentEntry => entry.type === "segment" && (task === undefined || entry.task === task));

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
 * A labeler's segment transcripts against the consensus's, per segment task with transcripts: segments matched within
 * their label, WER after normalisation over the pairs where both have a transcript. Empty without a consensus.
 */
function transcriptWers(tasks: readonly Task[], layer: Layer, consensus: Layer | undefined): string[] {
  if (!consensus || layer === consensus) return [];
  return tasks.flatMap((task) => {
    if (task.type !== "segment" || !task.transcript) return [];
    const { wer, pairs } = segmentTranscriptWer(segmentsOf(consensus.entries, task.key), segmentsOf(layer.entries, task.key), { rules: DEFAULT_NORMALISATION });
    if (wer.value === null) return [];
    const named = tasks.filter((candidate) => candidate.type === "segment").length > 1 ? `${task.key} ` : "";
    return [`${named}transcripts: WER ${wer.value.toFixed(2)} against the consensus over ${pairs} segment${pairs === 1 ? "" : "s"}`];
  });
}

function AudioLanes({ item, tasks, layers, consensus }: { item: ItemDetail; tasks: readonly Task[]; layers: Layer[]; consensus?: Layer }) {
  const duration = (item.durationMs ?? 1) / 1000;
  const rows = laneRows(tasks, layers);
  return (
    <div className="space-y-2">
      {item.peaksUrl ? <ReviewWaveform mediaUrl={item.mediaUrl} peaksUrl={item.peaksUrl} name={item.originalName} /> : null}
      {/* Lanes only where there are segments: whole-clip transcripts are compared below. */}
      {(rows.length ? layers : []).map((layer) => {
        const wers = transcriptWers(tasks, layer, consensus);
        return (
          <div key={layer.key} data-lane={layer.key}>
            <span className="block truncate text-xs text-slate-700">
              {layer.name}
              {wers.length ? <span className="text-slate-500" data-transcript-wer> · {wers.join(" · ")}</span> : null}
            </span>
            {/* Full width, like the waveform above, so times line up; one row per label. */}
            <div className="space-y-px" aria-label={`${layer.name}: segments`}>
              {rows.map((row) => (
                <div key={`${row.task}:${row.label}`} className="relative h-5 rounded bg-slate-100" aria-label={`${layer.name}: ${row.label}`} data-row={row.label}>
                  {segmentsOf(layer.entries, row.task)
                    .filter((entry) => entry.label === row.label)
                    .map((entry, index) => (
                      <span
                        key={index}
                        title={`${entry.label} ${entry.start.toFixed(2)}–${entry.end.toFixed(2)} s${entry.transcript ? `: ${entry.transcript}` : ""}`}
                        className={`absolute inset-y-0.5 truncate rounded px-1 text-[10px] leading-4 text-white ${layer.dashed ? "outline-2 outline-dashed outline-slate-900" : ""}`}
                        style={{ left: `${(100 * entry.start) / duration}%`, width: `${(100 * (entry.end - entry.start)) / duration}%`, background: layer.dashed ? "#334155" : layer.color }}
                      >
                        {entry.label}
                      </span>
                    ))}
                </div>
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}

function classAnswers(entries: ResultEntry[]): string {
  return entries.flatMap((entry) => (entry.type === "classification" ? [`${entry.task}: ${entry.values.join(" + ")}${entry.uncertain ? " (not sure)" : ""}`] : [])).join("; ") || "—";
}

interface Decided {
  id: string;
  category: string | null;
}

function Adjudication({
  itemId,
  tasks,
  standardization,
  context,
  sessionNameOf,
  onDecided,
}: {
  itemId: string;
  tasks: Task[];
  standardization: Standardization;
  /** The session the decision is made in, and who it is attributed to in a meeting. */
  context: { sessionId?: string; decidedBy?: string };
  sessionNameOf: (sessionId: string) => string | undefined;
  onDecided: (decision: Decided, itemName: string) => void;
}) {
  const item = useQuery({ queryKey: ["items", itemId], queryFn: () => api<ItemDetail>(`/items/${itemId}`) });
  const annotations = useQuery({ queryKey: ["items", itemId, "annotations"], queryFn: () => api<{ annotations: Annotation[] }>(`/items/${itemId}/annotations`) });
  // Kept from render to render, so that the transcripts are aligned once per item rather than on every click.
  const layers: Layer[] = useMemo(
    () =>
      (annotations.data?.annotations ?? []).map((annotation, index) => ({
        key: annotation.id,
        name: annotation.labeler.name,
        color: LABELER_COLORS[index % LABELER_COLORS.length]!,
        entries: annotation.result,
      })),
    [annotations.data],
  );
  const [visible, setVisible] = useState<Set<string> | null>(null);
  const [choice, setChoice] = useState<string>("");
  const [editing, setEditing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const decide = useMutation({
    mutationFn: (form: { action: string; annotationId?: string; relabel?: RelabelChoice; reason: string; category: string }) =>
      api<Decided>(`/items/${itemId}/decision`, { method: "POST", json: { ...form, ...context } }),
    onSuccess: (decision) => onDecided(decision, item.data?.originalName ?? ""),
  });
  if (item.error || annotations.error) return <Alert tone="error">{(item.error ?? annotations.error)!.message}</Alert>;
  if (!item.data || !annotations.data) return <p className="text-sm text-slate-600">Loading the item…</p>;

  const detail = item.data;
  const { consensus, decisions, gold, state } = detail.review;
  const consensusLayer: Layer | undefined = consensus ? { key: "consensus", name: "Consensus", color: "#334155", entries: consensus.result, dashed: true } : undefined;
  const allLayers = [...layers, ...(consensusLayer ? [consensusLayer] : []), ...(gold?.length ? [{ key: "gold", name: "Final label", color: "#000000", entries: gold }] : [])];
  const shown = visible ?? new Set(allLayers.map((layer) => layer.key));
  const isImage = detail.mimeType.startsWith("image/");
  const labelerOf = (annotationId: string) => annotations.data.annotations.find((annotation) => annotation.id === annotationId)?.labeler.name;
  if (editing) {
    const start = gold?.length ? gold : consensus?.result.length ? consensus.result : (layers[0]?.entries ?? []);
    return (
      <div className="space-y-2">
        <h2 className="text-base font-semibold">{detail.originalName}: a new final label</h2>
        <FinalLabelEditor item={detail} tasks={tasks} start={start} context={context} onSaved={(decision) => onDecided(decision, detail.originalName)} onCancel={() => setEditing(false)} />
      </div>
    );
  }
  const toggle = (key: string) => setVisible(new Set(shown.has(key) ? [...shown].filter((candidate) => candidate !== key) : [...shown, key]));

  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-base font-semibold">{detail.originalName}</h2>
        <p className="text-sm text-slate-700">{STATE_IN_WORDS[state]}</p>
        <ul className="mt-1 space-y-0.5 text-sm text-amber-800" aria-label={state === "flagged" ? "Why it is here" : "Why it was flagged"}>
          {detail.review.reasons.map((reason, index) => (
            <li key={index}>
              <span className="font-medium">{reason.code}</span>
              {reason.task ? ` (${reason.task})` : ""}: {reason.detail}
            </li>
          ))}
        </ul>
      </div>
      {isImage ? <ImageOverlays item={detail} layers={allLayers} visible={shown} /> : <AudioLanes item={detail} tasks={tasks} layers={allLayers} consensus={consensusLayer} />}
      <table className="w-full text-sm" aria-label="Annotations">
        <thead className="text-left text-xs text-slate-500">
          <tr>
            <th className="py-1">{isImage ? "Show" : ""}</th>
            <th>Labeler</th>
            <th>Classes</th>
            <th>Shapes / segments</th>
            <th>Submitted</th>
            <th>Active</th>
            <th>Guidelines</th>
          </tr>
        </thead>
        <tbody>
          {allLayers.map((layer) => {
            const annotation = annotations.data.annotations.find((candidate) => candidate.id === layer.key);
            const drawn = layer.entries.filter((entry) => entry.type !== "classification" && entry.type !== "transcript").length;
            return (
              <tr key={layer.key} className="border-t border-slate-100">
                <td className="py-1.5">
                  {isImage ? <input type="checkbox" aria-label={`Show ${layer.name}`} checked={shown.has(layer.key)} onChange={() => toggle(layer.key)} /> : null}
                </td>
                <td>
                  <span className="mr-1.5 inline-block h-3 w-3 rounded-sm align-middle" style={{ background: layer.color }} aria-hidden />
                  {layer.name}
                </td>
                <td>{classAnswers(layer.entries)}</td>
                <td>{drawn}</td>
                <td className="text-xs text-slate-600">{annotation ? new Date(annotation.submittedAt).toLocaleString("en") : layer.key === "consensus" ? consensus?.method : ""}</td>
                <td className="text-xs text-slate-600">{annotation ? `${Math.round(annotation.activeMs / 1000)} s` : layer.key === "consensus" && consensus?.confidence != null ? `confidence ${consensus.confidence.toFixed(2)}` : ""}</td>
                <td className="text-xs text-slate-600">{annotation?.guidelineVersion ? `v${annotation.guidelineVersion}` : ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <TranscriptComparison tasks={tasks} labelers={layers} consensus={consensus?.result ?? null} standardization={standardization} />
      {Object.keys(detail.metadata).length ? (
        <p className="text-xs text-slate-600">
          {Object.entries(detail.metadata)
            .map(([key, value]) => `${key}: ${String(value)}`)
            .join(" · ")}
        </p>
      ) : null}
      <ModelOpinions judgment={consensus} />
      <DecisionHistory decisions={decisions} state={state} labelerOf={labelerOf} sessionNameOf={sessionNameOf} />
      <JudgmentHistory history={detail.review.history} requests={detail.review.revisionRequests} />
      {decisions.length || gold ? <FinalLabel gold={gold} state={state} tasks={tasks} isImage={isImage} /> : null}

      <form
        className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const [action, annotationId] = choice.split(":");
          const decision = {
            action: action!,
            ...(annotationId ? { annotationId } : {}),
            ...(action === "relabel" ? { relabel: relabelChoiceOf(form) } : {}),
            reason: String(form.get("reason")),
            category: String(form.get("category")),
          };
          // The server's rules, said before anything is sent (nobody chosen to relabel, say).
          const found = firstProblem(decisionSchema, { ...decision, ...context });
          setProblem(found);
          if (!found) decide.mutate(decision);
        }}
      >
        <fieldset>
          <legend className="text-sm font-semibold">{decisions.length ? "A new decision" : "Decision"}</legend>
          {decisions.length ? <p className="text-xs text-slate-600">It is added to the decisions above and, as the newest, is the one in force.</p> : null}
          <div className="mt-2 space-y-1 text-sm">
            {[
              ...annotations.data.annotations.map((annotation) => ({ value: `accept-annotation:${annotation.id}`, label: `Accept ${annotation.labeler.name}'s version` })),
              ...(consensus?.result.length ? [{ value: "accept-consensus", label: "Accept the consensus" }] : []),
              { value: "exclude", label: "Mark ambiguous and exclude" },
              { value: "relabel", label: "Send back for relabeling" },
            ].map((option) => (
              <label key={option.value} className="flex items-center gap-2">
                <input type="radio" name="action" value={option.value} checked={choice === option.value} onChange={() => setChoice(option.value)} required />
                {option.label}
              </label>
            ))}
          </div>
        </fieldset>
        {choice === "relabel" ? <RelabelFields labelers={annotations.data.annotations.map((annotation) => annotation.labeler)} askedByDefault={detail.review.relabelDefault} /> : null}
        <DecisionFields />
        {problem ? <Alert tone="error">Not sent: {problem}</Alert> : decide.error ? <Alert tone="error">{decide.error.message}</Alert> : null}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={decide.isPending}>
            Record decision
          </Button>
          <Button type="button" variant="secondary" onClick={() => setEditing(true)}>
            Edit into a new final label
          </Button>
        </div>
        <p className="text-xs text-slate-500">Decisions are kept with who made them, when and why; a later decision supersedes but never erases one. Tasks: {tasks.map((task) => task.key).join(", ")}.</p>
      </form>
    </div>
  );
}

interface SessionSummary {
  id: string;
  name: string;
  items: number;
  decided: number;
}
/** An item to work through; in a session, with the decision made in it. */
type WorkItem = QueueItem & { decision?: { reviewer: { name: string } } | null };
interface SessionDetail {
  session: SessionSummary;
  items: WorkItem[];
}
interface Member {
  userId: string;
  name: string;
  role: string;
}


interface QueueFilters {
  reason: string;
  task: string;
  label: string;
  labeler: string;
  /** "key=value" for an item metadata filter */
  metadata: string;
}

/** The queue's query string: the filters that are set; metadata as meta.<key>=<value>. */
function queueQuery({ metadata, ...filters }: QueueFilters): URLSearchParams {
  const query = new URLSearchParams({ limit: "200", ...Object.fromEntries(Object.entries(filters).filter(([, value]) => value)) });
  const [key, ...value] = metadata.split("=");
  if (key?.trim() && value.length) query.set(`meta.${key.trim()}`, value.join("=").trim());
  return query;
}

/** Which items to work through: the live queue (filtered), or a named session with its progress. */
function useWorklist(projectId: string, sessionId: string, filters: QueueFilters) {
  const query = queueQuery(filters);
  const queue = useQuery({
    queryKey: ["projects", projectId, "review-queue", query.toString()],
    queryFn: () => api<{ items: QueueItem[] }>(`/projects/${projectId}/review-queue?${query}`),
    enabled: !sessionId,
  });
  const session = useQuery({
    queryKey: ["projects", projectId, "review-sessions", sessionId],
    queryFn: () => api<SessionDetail>(`/projects/${projectId}/review-sessions/${sessionId}`),
    enabled: !!sessionId,
  });
  const items: WorkItem[] = sessionId ? (session.data?.items ?? []) : (queue.data?.items ?? []);
  return { items, session: session.data, loaded: sessionId ? !!session.data : !!queue.data, error: queue.error ?? session.error };
}

/** `initialItem` opens one item first, flagged, decided or neither (from the items list and the dashboard's figures). */
export function ReviewWorkspace({ projectId, tasks, standardization, initialItem = null }: { projectId: string; tasks: Task[]; standardization: Standardization; initialItem?: string | null }) {
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<QueueFilters>({ reason: "", task: "", label: "", labeler: "", metadata: "" });
  const setFilter = (key: keyof QueueFilters, value: string) => setFilters((current) => ({ ...current, [key]: value }));
  const [sessionId, setSessionId] = useState("");
  const [decidedBy, setDecidedBy] = useState("");
  const [selected, setSelected] = useState<string | null>(initialItem);
  const [decided, setDecided] = useState(0);
  // After a "guideline gap" decision, the reviewer is offered to draft the clarification.
  const [gap, setGap] = useState<{ itemId: string; name: string; decisionId: string } | null>(null);
  const sessions = useQuery({ queryKey: ["projects", projectId, "review-sessions"], queryFn: () => api<{ sessions: SessionSummary[] }>(`/projects/${projectId}/review-sessions`) });
  const members = useQuery({ queryKey: ["projects", projectId, "members"], queryFn: () => api<{ members: Member[] }>(`/projects/${projectId}/members`) });
  const worklist = useWorklist(projectId, sessionId, filters);
  const waiting = worklist.items.filter((entry) => !entry.decision);
  const startSession = useMutation({
    mutationFn: (name: string) => {
      const { metadata: _metadata, ...named } = filters;
      return api<SessionSummary>(`/projects/${projectId}/review-sessions`, { method: "POST", json: { name, ...Object.fromEntries(Object.entries(named).filter(([, value]) => value)) } });
    },
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ["projects", projectId, "review-sessions"] });
      setSessionId(created.id);
      setSelected(null);
    },
  });
  useEffect(() => {
    if (!selected && waiting[0]) setSelected(waiting[0].itemId);
  }, [selected, waiting]);

  const fieldClass = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5";
  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <aside className="space-y-3">
        <label className="block text-sm">
          <span className="font-medium text-slate-700">Work through</span>
          <select
            value={sessionId}
            onChange={(event) => {
              setSessionId(event.target.value);
              setSelected(null);
            }}
            className={fieldClass}
          >
            <option value="">The whole queue</option>
            {sessions.data?.sessions.map((session) => (
              <option key={session.id} value={session.id}>
                {session.name} ({session.decided}/{session.items})
              </option>
            ))}
          </select>
        </label>
        {sessionId ? null : (
          <form
            className="flex gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              startSession.mutate(String(new FormData(event.currentTarget).get("name")));
            }}
          >
            <input name="name" required aria-label="New session name" placeholder="New session, e.g. Monday calibration" className="block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
            <Button type="submit" variant="secondary" disabled={startSession.isPending}>
              Start
            </Button>
          </form>
        )}
        {startSession.error ? <Alert tone="error">{startSession.error.message}</Alert> : null}
        <label className="block text-sm">
          <span className="font-medium text-slate-700">Decided by</span>
          <select value={decidedBy} onChange={(event) => setDecidedBy(event.target.value)} className={fieldClass}>
            <option value="">Me</option>
            {members.data?.members
              .filter((member) => member.role !== "labeler")
              .map((member) => (
                <option key={member.userId} value={member.userId}>
                  {member.name} ({member.role})
                </option>
              ))}
          </select>
        </label>
        <p className="text-xs text-slate-600" role="status">
          {worklist.session ? `${worklist.session.session.decided} of ${worklist.session.session.items} decided in ${worklist.session.session.name}` : `${decided} decided this session · ${waiting.length} waiting`}
        </p>
        {sessionId ? null : (
          <fieldset className="grid grid-cols-2 gap-2 text-sm">
            <legend className="font-medium text-slate-700">Filter</legend>
            <label className="block">
              <span className="text-xs text-slate-600">Reason</span>
              <select value={filters.reason} onChange={(event) => setFilter("reason", event.target.value)} className={fieldClass}>
                <option value="">Any</option>
                {FLAG_REASON_CODES.map((code) => (
                  <option key={code}>{code}</option>
                ))}
              </select>
            </label>
            <label className="block">
              <span className="text-xs text-slate-600">Task</span>
              <select value={filters.task} onChange={(event) => setFilter("task", event.target.value)} className={fieldClass}>
                <option value="">Any</option>
                {tasks.map((task) => (
                  <option key={task.key}>{task.key}</option>
                ))}
              </select>
            </label>
            <label className="block">
              <span className="text-xs text-slate-600">Class given</span>
              <input value={filters.label} onChange={(event) => setFilter("label", event.target.value)} className={fieldClass} />
            </label>
            <label className="block">
              <span className="text-xs text-slate-600">Labeler</span>
              <select value={filters.labeler} onChange={(event) => setFilter("labeler", event.target.value)} className={fieldClass}>
                <option value="">Any</option>
                {members.data?.members
                  .filter((member) => member.role === "labeler")
                  .map((member) => (
                    <option key={member.userId} value={member.userId}>
                      {member.name}
                    </option>
                  ))}
              </select>
            </label>
            <label className="col-span-2 block">
              <span className="text-xs text-slate-600">Metadata (key=value)</span>
              <input value={filters.metadata} onChange={(event) => setFilter("metadata", event.target.value)} placeholder="accent=scottish" className={fieldClass} />
            </label>
          </fieldset>
        )}
        {worklist.error ? <Alert tone="error">{worklist.error.message}</Alert> : null}
        <ol aria-label="Review queue" className="space-y-1">
          {worklist.items.map((entry) => {
            const done = entry.decision;
            return (
              <li key={entry.itemId}>
                <button
                  type="button"
                  aria-current={entry.itemId === selected || undefined}
                  onClick={() => setSelected(entry.itemId)}
                  className={`w-full rounded-md border px-2 py-1.5 text-left text-sm ${entry.itemId === selected ? "border-brand-500 bg-brand-50" : "border-slate-200 bg-white hover:bg-slate-50"}`}
                >
                  <span className="block font-medium text-slate-900">
                    {done ? "✓ " : ""}
                    {entry.originalName}
                  </span>
                  <span className="block text-xs text-slate-600">
                    {done ? `decided by ${done.reviewer.name}` : `agreement ${entry.score === null ? "—" : entry.score.toFixed(2)} · ${[...new Set(entry.reasons.map((candidate) => candidate.code))].join(", ")}`}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
        {worklist.loaded && !waiting.length ? <p className="text-sm text-slate-600">Nothing waiting for review.</p> : null}
      </aside>
      <section aria-label="Adjudication" className="space-y-4">
        {gap ? <GuidelineDraftForm projectId={projectId} example={{ itemId: gap.itemId, name: gap.name }} decisionId={gap.decisionId} onDone={() => setGap(null)} /> : null}
        {selected ? (
          <Adjudication
            // A fresh form after each decision, also when the item stays on screen.
            key={`${selected}-${decided}`}
            itemId={selected}
            tasks={tasks}
            standardization={standardization}
            context={{ ...(sessionId ? { sessionId } : {}), ...(decidedBy ? { decidedBy } : {}) }}
            sessionNameOf={(id) => sessions.data?.sessions.find((session) => session.id === id)?.name}
            onDecided={async (decision, itemName) => {
              setDecided((count) => count + 1);
              setGap(decision.category === "guideline-gap" ? { itemId: selected, name: itemName, decisionId: decision.id } : null);
              // On to the next item of the queue or session; an item opened from elsewhere stays, showing its new decision.
              if (worklist.items.some((entry) => entry.itemId === selected)) setSelected(waiting.find((entry) => entry.itemId !== selected)?.itemId ?? null);
              // The item's own view too: reopened later in this tab, it shows its decision rather than the cached state before it.
              await Promise.all([queryClient.invalidateQueries({ queryKey: ["projects", projectId] }), queryClient.invalidateQueries({ queryKey: ["items", selected] })]);
            }}
          />
        ) : (
          <p className="text-sm text-slate-600">Choose an item from the queue.</p>
        )}
      </section>
    </div>
  );
}
