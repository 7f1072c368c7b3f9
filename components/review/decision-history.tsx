// What reviewers decided about an item: its decisions, newest first with the one in force marked, and
// the final label they leave it with.
import { useId } from "react";
import { decisionInForce, type ReviewState } from "@/lib/review/final-label";
import type { ResultEntry } from "@/lib/validation/annotation";
import type { REVIEW_CATEGORIES } from "@/lib/validation/items";
import type { Task } from "@/lib/validation/project";
import { CATEGORY_LABEL } from "./decision-fields";

export interface Decision {
  id: string;
  action: "accept-annotation" | "accept-consensus" | "edit" | "exclude" | "relabel";
  annotationId: string | null;
  reason: string;
  category: (typeof REVIEW_CATEGORIES)[number] | null;
  /** For relabel: the labelers asked to revise, or how many fresh labelers. */
  relabel?: { mode: "revise"; labelers: string[] } | { mode: "fresh"; labelers: number } | null;
  sessionId: string | null;
  reviewer: { id: string; name: string };
  createdAt: string;
}

/** `labelerOf`: whose submitted answer an annotation id is, among the item's current answers. */
function actionInWords(decision: Decision, labelerOf: (annotationId: string) => string | undefined): string {
  switch (decision.action) {
    case "accept-annotation": {
      const name = decision.annotationId === null ? undefined : labelerOf(decision.annotationId);
      return name ? `Accepted ${name}'s version` : "Accepted a labeler's version (revised since)";
    }
    case "accept-consensus":
      return "Accepted the consensus";
    case "edit":
      return "Edited a new final label";
    case "exclude":
      return "Excluded as ambiguous";
    case "relabel": {
      const asked = decision.relabel;
      if (!asked) return "Sent back for relabeling";
      const count = asked.mode === "fresh" ? asked.labelers : asked.labelers.length;
      return `Sent back for relabeling: ${count} ${asked.mode === "fresh" ? "fresh labeler" : "labeler"}${count === 1 ? "" : "s"} asked${asked.mode === "fresh" ? "" : " to revise"}`;
    }
  }
}

/** A moment in the viewer's own locale and time zone. */
function localTime(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function DecisionHistory({
  decisions,
  state,
  labelerOf,
  sessionNameOf,
}: {
  /** Newest first. */
  decisions: readonly Decision[];
  state: ReviewState;
  labelerOf: (annotationId: string) => string | undefined;
  sessionNameOf: (sessionId: string) => string | undefined;
}) {
  const heading = useId();
  if (!decisions.length) return null;
  const inForce = decisionInForce(state, decisions);
  return (
    <section aria-labelledby={heading} className="space-y-2">
      <h3 id={heading} className="text-sm font-semibold">
        Decisions
      </h3>
      <ol aria-label="Decisions" className="space-y-2">
        {decisions.map((decision) => {
          const current = decision === inForce;
          return (
            <li key={decision.id} className={`rounded-md border px-3 py-2 text-sm ${current ? "border-emerald-600 bg-emerald-50" : "border-slate-200 bg-white"}`}>
              <p className="flex flex-wrap items-baseline gap-x-2">
                {current ? <span className="rounded bg-emerald-700 px-1.5 py-0.5 text-xs font-semibold text-white">In force</span> : null}
                <span className="font-medium text-slate-900">{actionInWords(decision, labelerOf)}</span>
                {decision.category ? <span className="text-slate-700">· {CATEGORY_LABEL[decision.category]}</span> : null}
              </p>
              <p className="text-xs text-slate-600">
                by {decision.reviewer.name} · <time dateTime={decision.createdAt}>{localTime(decision.createdAt)}</time>
                {decision.sessionId ? ` · in the session “${sessionNameOf(decision.sessionId) ?? "a review session"}”` : ""}
              </p>
              <blockquote className="mt-1 border-l-2 border-slate-300 pl-2 text-slate-800">{decision.reason}</blockquote>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

const NO_FINAL_LABEL: Partial<Record<ReviewState, string>> = {
  excluded: "None: the item is excluded as ambiguous.",
  resolved: "None.",
};

/** How many of a task's shapes or segments, as words: "2 boxes". */
function drawnCount(task: Task, count: number): string {
  const [one, many] = task.type === "bbox" ? ["box", "boxes"] : task.type === "polygon" ? ["polygon", "polygons"] : ["segment", "segments"];
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * The item's final label, as the labeling tools show it: classes and transcripts as text here, boxes and
 * polygons drawn on the image and segments in a lane of their own (the "Final label" layer above).
 */
export function FinalLabel({ gold, state, tasks, isImage }: { gold: ResultEntry[] | null; state: ReviewState; tasks: readonly Task[]; isImage: boolean }) {
  const heading = useId();
  return (
    <section aria-labelledby={heading} className="space-y-1">
      <h3 id={heading} className="text-sm font-semibold">
        Final label
      </h3>
      {gold === null ? (
        <p className="text-sm text-slate-600">{NO_FINAL_LABEL[state] ?? "None yet: no decision, and no accepted consensus."}</p>
      ) : (
        <dl aria-label="Final label" className="grid grid-cols-[minmax(6rem,auto)_1fr] gap-x-3 gap-y-1 text-sm">
          {tasks.map((task) => {
            const entries = gold.filter((entry) => entry.task === task.key);
            let shown: string;
            if (task.type === "classification") shown = entries.flatMap((entry) => (entry.type === "classification" ? [`${entry.values.join(" + ")}${entry.uncertain ? " (not sure)" : ""}`] : [])).join("; ");
            else if (task.type === "transcript") shown = entries.flatMap((entry) => (entry.type === "transcript" ? [entry.text] : [])).join(" ");
            else shown = entries.length ? `${drawnCount(task, entries.length)}, in the “Final label” ${isImage ? "layer on the image" : "lane under the waveform"} above` : "";
            return [
              <dt key={`${task.key}-task`} className="font-medium text-slate-700">
                {task.key}
              </dt>,
              <dd key={`${task.key}-value`} className="text-slate-900">
                {shown || <span className="text-slate-500">nothing</span>}
              </dd>,
            ];
          })}
        </dl>
      )}
    </section>
  );
}
