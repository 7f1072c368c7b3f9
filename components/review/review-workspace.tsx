"use client";
// The reviewer's screen: the queue of flagged items, lowest agreement first, and for the chosen item
// every labeler's answer side by side (overlays on the image, lanes under the audio with a row per label and
// the WER of each labeler's segment transcripts against the consensus, transcripts aligned with the consensus),
// the consensus proposal, the reasons and provenance, the decisions made so far with the final label, and a new
// decision with a reason and a category. Keyboard-first: the keys of REVIEW_SHORTCUTS decide an item and move on; the
// session chosen is in the address (?session=ID), so a reload stays in it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { DiscussionPanel } from "@/components/discussions/discussion-panel";
import { GuidelineDraftForm } from "@/components/guidelines/draft-form";
import { ShortcutHelp } from "@/components/labeling/shortcut-help";
import { DecisionFields } from "./decision-fields";
import { DecisionHistory, FinalLabel, type Decision } from "./decision-history";
import { FinalLabelEditor } from "./final-label-editor";
import { JudgmentHistory, ModelOpinions, type Judgment, type RevisionRequest } from "./judgment-history";
import { SkipList, type Skip } from "./skip-list";
import { RelabelFields, relabelChoiceOf, type RelabelChoice } from "./relabel-fields";
import { AudioLanes, ImageOverlays, CONSENSUS_COLOUR, FINAL_LABEL_COLOUR, LABELER_COLORS, type LayeredMedia, type Layer } from "./result-layers";
import { KeyHint, REVIEW_SHORTCUTS, useShortcuts } from "./review-shortcuts";
import { TranscriptComparison } from "./transcript-comparison";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/client/api";
import type { ReviewState } from "@/lib/review/final-label";
import { FLAG_REASON_CODES } from "@/lib/review/rules";
import type { Standardization } from "@/lib/review/standardize";
import type { ResultEntry } from "@/lib/validation/annotation";
import { decisionSchema } from "@/lib/validation/items";
import type { Task } from "@/lib/validation/project";
import { firstProblem } from "@/lib/validation/parse";

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
interface ItemDetail extends LayeredMedia {
  id: string;
  mimeType: string;
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
    skips: Skip[];
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
  onDraft,
  screenKeys,
}: {
  itemId: string;
  tasks: Task[];
  standardization: Standardization;
  /** The session the decision is made in, and who it is attributed to in a meeting. */
  context: { sessionId?: string; decidedBy?: string };
  sessionNameOf: (sessionId: string) => string | undefined;
  onDecided: (decision: Decided, itemName: string) => void;
  /** The reviewer drafts a guideline clarification with this decided item as its example. */
  onDraft: (example: { itemId: string; name: string; decisionId: string }) => void;
  /** The screen's own keys (next item, help), off with the rest while the final label's editor has the keyboard. */
  screenKeys: Record<string, () => void>;
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
  const form = useRef<HTMLFormElement>(null);
  const annotationIds = annotations.data?.annotations.map((annotation) => annotation.id) ?? [];
  // Not while the final label is being edited: its workspace's keys (P for the polygon tool, class hotkeys) are in use.
  useShortcuts(
    editing
      ? {}
      : {
          ...screenKeys,
          ...Object.fromEntries(annotationIds.slice(0, 9).map((id, index) => [String(index + 1), () => setChoice(`accept-annotation:${id}`)])),
          ...(item.data?.review.consensus?.result.length ? { c: () => setChoice("accept-consensus") } : {}),
          x: () => setChoice("exclude"),
          r: () => (form.current?.elements.namedItem("reason") as HTMLTextAreaElement | null)?.focus(),
          "Ctrl+Enter": () => form.current?.requestSubmit(),
        },
  );
  if (item.error || annotations.error) return <Alert tone="error">{(item.error ?? annotations.error)!.message}</Alert>;
  if (!item.data || !annotations.data) return <p className="text-sm text-slate-600">Loading the item…</p>;

  const detail = item.data;
  const { consensus, decisions, gold, state } = detail.review;
  const consensusLayer: Layer | undefined = consensus ? { key: "consensus", name: "Consensus", color: CONSENSUS_COLOUR, entries: consensus.result, dashed: true } : undefined;
  const allLayers = [...layers, ...(consensusLayer ? [consensusLayer] : []), ...(gold?.length ? [{ key: "gold", name: "Final label", color: FINAL_LABEL_COLOUR, entries: gold }] : [])];
  const shown = visible ?? new Set(allLayers.map((layer) => layer.key));
  const isImage = detail.mimeType.startsWith("image/");
  const labelerOf = (annotationId: string) => annotations.data.annotations.find((annotation) => annotation.id === annotationId)?.labeler.name;
  const toggle = (key: string) => setVisible(new Set(shown.has(key) ? [...shown].filter((candidate) => candidate !== key) : [...shown, key]));
  const answers = (
    <>
        {isImage ? <ImageOverlays item={detail} layers={allLayers} visible={shown} /> : <AudioLanes item={detail} tasks={tasks} layers={allLayers} reference={consensusLayer} />}
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
    </>
  );
  if (editing) {
    const start = gold?.length ? gold : consensus?.result.length ? consensus.result : (layers[0]?.entries ?? []);
    // The labelers' answers stay in view above the editor, to copy from and compare with.
    return (
      <div className="space-y-4">
        <details open className="space-y-3 rounded-lg border border-slate-200 bg-white p-3">
          <summary className="cursor-pointer text-sm font-semibold">{detail.originalName}: the labelers' answers</summary>
          <div className="mt-2 space-y-3">{answers}</div>
        </details>
        <h2 className="text-base font-semibold">{detail.originalName}: a new final label</h2>
        <FinalLabelEditor item={detail} tasks={tasks} start={start} context={context} onSaved={(decision) => onDecided(decision, detail.originalName)} onCancel={() => setEditing(false)} />
      </div>
    );
  }

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
      {answers}
      {Object.keys(detail.metadata).length ? (
        <p className="text-xs text-slate-600">
          {Object.entries(detail.metadata)
            .map(([key, value]) => `${key}: ${String(value)}`)
            .join(" · ")}
        </p>
      ) : null}
      <ModelOpinions judgment={consensus} />
      <DecisionHistory decisions={decisions} state={state} labelerOf={labelerOf} sessionNameOf={sessionNameOf} />
      {decisions[0] ? (
        <Button variant="secondary" onClick={() => onDraft({ itemId, name: detail.originalName, decisionId: decisions[0]!.id })}>
          Draft a guideline clarification
        </Button>
      ) : null}
      <SkipList skips={detail.review.skips} />
      <JudgmentHistory history={detail.review.history} requests={detail.review.revisionRequests} />
      {decisions.length || gold ? <FinalLabel gold={gold} state={state} tasks={tasks} isImage={isImage} /> : null}

      <form
        ref={form}
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
              ...annotations.data.annotations.map((annotation, index) => ({
                value: `accept-annotation:${annotation.id}`,
                label: `Accept ${annotation.labeler.name}'s version`,
                key: index < 9 ? String(index + 1) : undefined,
              })),
              ...(consensus?.result.length ? [{ value: "accept-consensus", label: "Accept the consensus", key: "C" }] : []),
              { value: "exclude", label: "Mark ambiguous and exclude", key: "X" },
              { value: "relabel", label: "Send back for relabeling", key: undefined },
            ].map((option) => (
              <label key={option.value} className="flex items-center gap-2">
                <input type="radio" name="action" value={option.value} checked={choice === option.value} onChange={() => setChoice(option.value)} required aria-keyshortcuts={option.key} />
                {option.label}
                {option.key ? <KeyHint keys={option.key} /> : null}
              </label>
            ))}
          </div>
        </fieldset>
        {choice === "relabel" ? <RelabelFields labelers={annotations.data.annotations.map((annotation) => annotation.labeler)} askedByDefault={detail.review.relabelDefault} /> : null}
        <DecisionFields reasonKey="R" />
        {problem ? <Alert tone="error">Not sent: {problem}</Alert> : decide.error ? <Alert tone="error">{decide.error.message}</Alert> : null}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={decide.isPending} aria-keyshortcuts="Control+Enter">
            Record decision <KeyHint keys="Ctrl+Enter" />
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

/** The page's address with the session chosen (none: the whole queue); an item opened from elsewhere is left behind. */
function addressWithSession(sessionId: string): string {
  const url = new URL(window.location.href);
  if (sessionId) url.searchParams.set("session", sessionId);
  else url.searchParams.delete("session");
  url.searchParams.delete("item");
  return url.toString();
}

/**
 * `initialItem` opens one item first, flagged, decided or neither (from the items list and the dashboard's figures);
 * `initialSession` works through a session (from the address, so that a reload stays in it).
 */
export function ReviewWorkspace({
  projectId,
  tasks,
  mediaKind,
  standardization,
  initialItem = null,
  initialSession = "",
}: {
  projectId: string;
  tasks: Task[];
  mediaKind: "image" | "audio";
  standardization: Standardization;
  initialItem?: string | null;
  initialSession?: string;
}) {
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<QueueFilters>({ reason: "", task: "", label: "", labeler: "", metadata: "" });
  const setFilter = (key: keyof QueueFilters, value: string) => setFilters((current) => ({ ...current, [key]: value }));
  const [sessionId, setSessionId] = useState(initialSession);
  const [decidedBy, setDecidedBy] = useState("");
  const [selected, setSelected] = useState<string | null>(initialItem);
  const [decided, setDecided] = useState(0);
  // A clarification being drafted: offered at once after a "guideline gap" decision, and on any decided item.
  const [drafting, setDrafting] = useState<{ itemId: string; name: string; decisionId: string; focus?: boolean } | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const chooseSession = (id: string) => {
    setSessionId(id);
    setSelected(null);
    // Replaced rather than pushed: Back leaves the review page rather than stepping through sessions.
    window.history.replaceState(null, "", addressWithSession(id));
  };
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
      chooseSession(created.id);
    },
  });
  useEffect(() => {
    if (!selected && waiting[0]) setSelected(waiting[0].itemId);
  }, [selected, waiting]);
  /** The item `step` places after (1) or before (-1) the one on screen, decided or not; the first when none is. */
  const stepTo = (step: 1 | -1) => {
    const at = worklist.items.findIndex((entry) => entry.itemId === selected);
    const next = worklist.items[at === -1 ? 0 : at + step];
    if (next) setSelected(next.itemId);
  };

  const fieldClass = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5";
  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <aside className="space-y-3">
        <label className="block text-sm">
          <span className="font-medium text-slate-700">Work through</span>
          <select
            value={sessionId}
            onChange={(event) => chooseSession(event.target.value)}
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
              <span className="text-xs text-slate-600">Flag reason</span>
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
        <p className="flex items-center gap-2 text-xs text-slate-600">
          <span>
            Next / previous item <kbd className="font-mono">N</kbd> / <kbd className="font-mono">P</kbd>
          </span>
          <Button variant="ghost" className="ml-auto px-2 py-1 text-xs" onClick={() => setHelpOpen(true)} aria-label="Keyboard shortcuts" aria-keyshortcuts="?" title="Keyboard shortcuts (?)">
            ? Shortcuts
          </Button>
        </p>
      </aside>
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} shortcuts={REVIEW_SHORTCUTS} />
      <section aria-label="Adjudication" className="space-y-4">
        {drafting ? (
          <GuidelineDraftForm
            key={drafting.decisionId}
            projectId={projectId}
            example={{ itemId: drafting.itemId, name: drafting.name }}
            decisionId={drafting.decisionId}
            autoFocus={drafting.focus}
            onDone={() => setDrafting(null)}
          />
        ) : null}
        {selected ? (
          <Adjudication
            // A fresh form after each decision, also when the item stays on screen.
            key={`${selected}-${decided}`}
            itemId={selected}
            tasks={tasks}
            standardization={standardization}
            context={{ ...(sessionId ? { sessionId } : {}), ...(decidedBy ? { decidedBy } : {}) }}
            sessionNameOf={(id) => sessions.data?.sessions.find((session) => session.id === id)?.name}
            onDraft={(example) => setDrafting({ ...example, focus: true })}
            screenKeys={{ n: () => stepTo(1), p: () => stepTo(-1), "?": () => setHelpOpen(true) }}
            onDecided={async (decision, itemName) => {
              setDecided((count) => count + 1);
              setDrafting(decision.category === "guideline-gap" ? { itemId: selected, name: itemName, decisionId: decision.id } : null);
              // On to the next item of the queue or session; an item opened from elsewhere stays, showing its new decision.
              if (worklist.items.some((entry) => entry.itemId === selected)) setSelected(waiting.find((entry) => entry.itemId !== selected)?.itemId ?? null);
              // The item's own view too: reopened later in this tab, it shows its decision rather than the cached state before it.
              await Promise.all([queryClient.invalidateQueries({ queryKey: ["projects", projectId] }), queryClient.invalidateQueries({ queryKey: ["items", selected] })]);
            }}
          />
        ) : (
          <p className="text-sm text-slate-600">Choose an item from the queue.</p>
        )}
        {selected ? <DiscussionPanel key={selected} itemId={selected} tasks={tasks} mediaKind={mediaKind} askLabelers /> : null}
      </section>
    </div>
  );
}
