// How an item's consensus came about: what the labeler model said of it (its most probable answer and posterior
// beside the vote's), every judgment Concord made of it (what triggered it, the state it gave, the methods and model
// versions), and the revisions reviewers asked of its labelers.
import { useId } from "react";
import type { ReviewState } from "@/lib/review/final-label";
import type { ModelOpinion } from "@/lib/review/flags";

export interface Judgment {
  id: string;
  at: string;
  trigger: string;
  state: ReviewState | null;
  method: string;
  confidence: number | null;
  reasons: { code: string; task?: string; detail: string }[];
  tasks: { task: string; method: string; confidence: number | null; model?: ModelOpinion }[];
}

export interface RevisionRequest {
  labeler: { id: string; name: string };
  reason: string;
  status: string;
  createdAt: string;
  closedAt: string | null;
}

const TRIGGER_IN_WORDS: Record<string, string> = {
  submission: "a submission",
  revision: "a revised answer",
  relabel: "the requested revisions or labels",
  refit: "a refit of the labeler model",
  settings: "a settings change",
  timeout: "the end of its wait",
  skip: "a skip",
  import: "an import",
  upgrade: "an upgrade of Concord's judging rules",
};

const REQUEST_STATUS: Record<string, string> = { open: "waiting", done: "revised", declined: "declined (skipped)", expired: "not revised in time", cancelled: "cancelled" };

export function localTime(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

const share = (value: number) => value.toFixed(2);

/** The labeler model's view of the item beside the vote's, for each classification task it judged. */
export function ModelOpinions({ judgment }: { judgment: Judgment | null }) {
  const modelled = judgment?.tasks.filter((task) => task.model) ?? [];
  if (!modelled.length) return null;
  return (
    <div className="space-y-2">
      {modelled.map(({ task, model }) => {
        const posterior = Object.entries(model!.posterior).sort(([, a], [, b]) => b - a);
        const disagrees = model!.vote !== null && model!.label !== model!.vote;
        return (
          <div key={task} className={`rounded-md border p-3 text-sm ${disagrees ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-white"}`} aria-label={`Labeler model: ${task}`}>
            <p className="text-slate-800">
              <span className="font-medium">{task}:</span> the vote says {model!.vote === null ? "nothing (a tie)" : `“${model!.vote}”`}; the labeler model says “{model!.label}” (posterior{" "}
              {share(model!.probability)}){disagrees ? " — they disagree, so a person decides." : "."}
            </p>
            <p className="mt-1 text-xs text-slate-600">
              Labeler model v{model!.ref.version} (Dawid–Skene), fitted on {model!.ref.items} items, {localTime(model!.ref.fittedAt)}. Posterior:{" "}
              {posterior.map(([label, probability]) => `${label} ${share(probability)}`).join(" · ")}
            </p>
          </div>
        );
      })}
    </div>
  );
}

/** Every judgment of the item, newest first, and the revisions asked of its labelers. */
export function JudgmentHistory({ history, requests }: { history: readonly Judgment[]; requests: readonly RevisionRequest[] }) {
  const heading = useId();
  if (!history.length && !requests.length) return null;
  return (
    <section aria-labelledby={heading} className="space-y-2 text-sm">
      <h3 id={heading} className="font-semibold text-slate-900">
        History of the consensus
      </h3>
      {requests.length ? (
        <ul className="space-y-0.5 text-slate-700" aria-label="Revisions asked">
          {requests.map((request) => (
            <li key={`${request.labeler.id}:${request.createdAt}`}>
              {request.labeler.name} asked to revise on {localTime(request.createdAt)}: {REQUEST_STATUS[request.status] ?? request.status}
              {request.closedAt ? ` (${localTime(request.closedAt)})` : ""}
            </li>
          ))}
        </ul>
      ) : null}
      <details>
        <summary className="cursor-pointer text-slate-700">
          {history.length} judgment{history.length === 1 ? "" : "s"}, the newest in force
        </summary>
        <ol className="mt-2 space-y-1.5 border-l border-slate-200 pl-3" aria-label="Judgments">
          {history.map((judgment) => (
            <li key={judgment.id}>
              <p className="text-slate-800">
                {localTime(judgment.at)}: after {TRIGGER_IN_WORDS[judgment.trigger] ?? judgment.trigger}, {judgment.state ?? "judged"} ({judgment.method}
                {judgment.confidence === null ? "" : `, confidence ${share(judgment.confidence)}`})
              </p>
              {judgment.tasks.some((task) => task.model) ? (
                <p className="text-xs text-slate-600">
                  {judgment.tasks
                    .filter((task) => task.model)
                    .map((task) => `${task.task}: labeler model v${task.model!.ref.version} says “${task.model!.label}” (${share(task.model!.probability)})`)
                    .join("; ")}
                </p>
              ) : null}
              {judgment.reasons.length ? <p className="text-xs text-amber-800">{judgment.reasons.map((reason) => reason.code).join(", ")}</p> : null}
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
