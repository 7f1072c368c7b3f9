"use client";
// The error analysis: a model version's errors (or all its items) from its latest evaluation of a task, one at a time,
// each tagged ("car noise", "blurry") so that the evaluation sliced by tags compares the model with the labelers per
// tag. Keyboard-first: J/K to move, T to tag, 1–9 for the most used tags, ? for the list.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ShortcutHelp, type Shortcut } from "@/components/labeling/shortcut-help";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api, ApiError } from "@/lib/client/api";
import type { Standardization } from "@/lib/review/standardize";
import type { Task } from "@/lib/validation/project";
import { ErrorAnalysisItem, type ModelErrorEntry } from "./error-analysis-item";
import { TagEditor, type ProjectTag } from "./error-analysis-tags";

interface ModelErrorPage {
  model: { name: string; version: string };
  task: string;
  evaluatedAt: string;
  items: ModelErrorEntry[];
  nextCursor: string | null;
}

export interface ModelChoice {
  model?: string;
  version?: string;
  task?: string;
}

const SHORTCUTS: Shortcut[] = [
  ["J / →", "Next item (at the last one, the next page)"],
  ["K / ←", "Previous item"],
  ["T", "Type a tag"],
  ["Enter (in the tag field)", "Add the tag chosen or typed"],
  ["↓ / ↑ (in the tag field)", "Choose among the project's tags"],
  ["Backspace (in the empty tag field)", "Remove the item's last tag"],
  ["1–9", "Add or remove one of the nine most used tags"],
  ["Esc", "Leave the tag field"],
  ["?", "This help"],
];

/** A key pressed while typing in a field is the field's. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !["checkbox", "radio", "button", "submit"].includes(target.type);
  return !!target.closest("textarea, select, [contenteditable='true']");
}

/** Choose a model version and task when the page was opened without them. */
function ModelPicker({ projectId, tasks }: { projectId: string; tasks: Task[] }) {
  const router = useRouter();
  const models = useQuery({ queryKey: ["projects", projectId, "predictions"], queryFn: () => api<{ models: { name: string; version: string; predictions: number }[] }>(`/projects/${projectId}/predictions`) });
  const open = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const [model, version] = JSON.parse(String(form.get("model"))) as [string, string];
    router.push(`/projects/${projectId}/models/errors?${new URLSearchParams({ model, version, task: String(form.get("task")) })}`);
  };
  if (models.error) return <Alert tone="error">{models.error.message}</Alert>;
  if (!models.data) return <p className="text-sm text-slate-600">Loading the models…</p>;
  if (!models.data.models.length) return <p className="text-sm text-slate-600">This project has no models yet: import a model version&apos;s predictions first.</p>;
  const field = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm";
  return (
    <form onSubmit={open} className="flex max-w-xl flex-wrap items-end gap-3">
      <label className="block flex-1 text-sm">
        <span className="font-medium text-slate-700">Model version</span>
        <select name="model" className={field}>
          {models.data.models.map((model) => (
            <option key={`${model.name} ${model.version}`} value={JSON.stringify([model.name, model.version])}>
              {model.name} {model.version} ({model.predictions} predictions)
            </option>
          ))}
        </select>
      </label>
      <label className="block text-sm">
        <span className="font-medium text-slate-700">Task</span>
        <select name="task" className={field}>
          {tasks.map((task) => (
            <option key={task.key}>{task.key}</option>
          ))}
        </select>
      </label>
      <Button type="submit">Look at its errors</Button>
    </form>
  );
}

export function ErrorAnalysis({ projectId, tasks, standardization, choice }: { projectId: string; tasks: Task[]; standardization: Standardization; choice: ModelChoice }) {
  if (!choice.model) return <ModelPicker projectId={projectId} tasks={tasks} />;
  return <ErrorBrowser projectId={projectId} tasks={tasks} standardization={standardization} choice={{ ...choice, model: choice.model }} />;
}

function ErrorBrowser({ projectId, tasks, standardization, choice }: { projectId: string; tasks: Task[]; standardization: Standardization; choice: ModelChoice & { model: string } }) {
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<"error" | "all">("error");
  const [untagged, setUntagged] = useState(false);
  // The cursors of the pages seen, so that K and Previous page go back; the last is the page shown.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  // -1: the last item of the page (when K came back from the next page).
  const [index, setIndex] = useState(0);
  const [helpOpen, setHelpOpen] = useState(false);
  const [tagError, setTagError] = useState<string | null>(null);
  const tagInput = useRef<HTMLInputElement>(null);

  const cursor = cursors.at(-1) ?? null;
  const query = new URLSearchParams({ model: choice.model, ...(choice.version ? { version: choice.version } : {}), ...(choice.task ? { task: choice.task } : {}), outcome, ...(untagged ? { untagged: "1" } : {}), ...(cursor ? { cursor } : {}) });
  const pageKey = ["projects", projectId, "model-errors", query.toString()];
  const page = useQuery({
    queryKey: pageKey,
    queryFn: () => api<ModelErrorPage>(`/projects/${projectId}/model-errors?${query}`),
    retry: false,
    // Before the evaluation is computed the answer is 409 (and the evaluation starts): look again until it is done.
    refetchInterval: (state) => (state.state.error instanceof ApiError && state.state.error.status === 409 ? 3000 : false),
  });
  const projectTags = useQuery({ queryKey: ["projects", projectId, "tags"], queryFn: () => api<{ tags: ProjectTag[] }>(`/projects/${projectId}/tags`) });

  const items = page.data?.items ?? [];
  const at = items.length ? (index < 0 ? items.length - 1 : Math.min(index, items.length - 1)) : 0;
  const current = items[at];
  const task = tasks.find((candidate) => candidate.key === page.data?.task) ?? tasks[0]!;

  // The nine most used tags keep their numbers while one item is looked at, however its tagging reorders them.
  const mostUsed = (projectTags.data?.tags ?? [])
    .filter((tag) => tag.items > 0)
    .slice(0, 9)
    .map((tag) => tag.name);
  const [numbered, setNumbered] = useState<{ item: string | null; tags: string[] }>({ item: null, tags: [] });
  if (current && (numbered.item !== current.id || (!numbered.tags.length && mostUsed.length))) setNumbered({ item: current.id, tags: mostUsed });

  const tagging = useMutation({
    mutationFn: ({ itemId, name, remove }: { itemId: string; name: string; remove: boolean }) =>
      remove ? api<{ tags: string[] }>(`/items/${itemId}/tags/${encodeURIComponent(name)}`, { method: "DELETE" }) : api<{ tags: string[] }>(`/items/${itemId}/tags`, { method: "POST", json: { tags: [name] } }),
    onMutate: () => setTagError(null),
    onSuccess: ({ tags }, { itemId }) => {
      queryClient.setQueryData<ModelErrorPage>(pageKey, (old) => (old ? { ...old, items: old.items.map((item) => (item.id === itemId ? { ...item, tags } : item)) } : old));
      void queryClient.invalidateQueries({ queryKey: ["projects", projectId, "tags"] });
    },
    onError: (error) => setTagError(error.message),
  });
  const toggleTag = (name: string) => current && tagging.mutate({ itemId: current.id, name, remove: current.tags.includes(name) });

  const goToPage = (next: (string | null)[], itemIndex: number) => {
    setCursors(next);
    setIndex(itemIndex);
  };
  const nextPage = () => page.data?.nextCursor && goToPage([...cursors, page.data.nextCursor], 0);
  const previousPage = () => cursors.length > 1 && goToPage(cursors.slice(0, -1), -1);
  // Keys pressed faster than the page renders each take their step: they step from here, not from the last render.
  const position = useRef(at);
  position.current = at;
  const move = (step: 1 | -1) => {
    setTagError(null);
    const from = position.current;
    if (step > 0 && from >= items.length - 1) nextPage();
    else if (step < 0 && from === 0) previousPage();
    else {
      position.current = from + step;
      setIndex(from + step);
    }
  };
  const restart = () => goToPage([null], 0);

  const keys = useRef({ move, toggleTag, numbered: numbered.tags });
  keys.current = { move, toggleTag, numbered: numbered.tags };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const { move, toggleTag, numbered } = keys.current;
      // The dialog itself, not the state, says whether it is open: a key right after Escape must not wait for a render.
      if (document.querySelector("dialog[open]") || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const number = /^[1-9]$/.test(event.key) ? Number(event.key) : null;
      if (event.key === "j" || event.key === "ArrowRight") move(1);
      else if (event.key === "k" || event.key === "ArrowLeft") move(-1);
      else if (event.key === "t") tagInput.current?.focus();
      else if (event.key === "?") setHelpOpen(true);
      else if (number && numbered[number - 1]) toggleTag(numbered[number - 1]!);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const tagged = items.filter((item) => item.tags.length).length;
  const field = "mt-1 block rounded-md border border-slate-300 px-2 py-1.5 text-sm";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-4">
        <p className="text-sm text-slate-700">
          <span className="font-medium">
            {page.data ? `${page.data.model.name} ${page.data.model.version}` : `${choice.model}${choice.version ? ` ${choice.version}` : ""}`}
          </span>
          {" · task "}
          <span className="font-medium">{page.data?.task ?? choice.task ?? tasks[0]?.key}</span>
          {page.data ? ` · evaluated ${new Date(page.data.evaluatedAt).toLocaleString("en")}` : ""}
          {" · "}
          <Link href={`/projects/${projectId}/models/errors`} className="text-brand-700 underline">
            Another model or task
          </Link>
        </p>
        <label className="text-sm">
          <span className="font-medium text-slate-700">Show</span>
          <select
            value={outcome}
            onChange={(event) => {
              setOutcome(event.target.value as "error" | "all");
              restart();
            }}
            className={field}
          >
            <option value="error">The model&apos;s errors</option>
            <option value="all">All its items</option>
          </select>
        </label>
        <label className="flex items-center gap-1.5 pb-2 text-sm">
          <input
            type="checkbox"
            checked={untagged}
            onChange={(event) => {
              setUntagged(event.target.checked);
              restart();
            }}
          />
          Untagged only
        </label>
        <button type="button" onClick={() => setHelpOpen(true)} className="pb-2 text-sm text-slate-600 underline">
          Keyboard shortcuts (?)
        </button>
      </div>

      {page.error ? (
        <Alert tone={page.error instanceof ApiError && page.error.status === 409 ? "info" : "error"}>
          {page.error.message}
          {page.error instanceof ApiError && page.error.status === 409 ? " Looking again every few seconds." : ""}
        </Alert>
      ) : null}
      {page.isPending ? <p className="text-sm text-slate-600">Loading the model&apos;s items…</p> : null}
      {page.data && !items.length ? <p className="text-sm text-slate-600">{cursors.length > 1 ? "No more items." : outcome === "error" ? "No errors to look at with these filters." : "No items with these filters."}</p> : null}

      {current ? (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <ErrorAnalysisItem key={current.id} projectId={projectId} item={current} task={task} model={`${page.data!.model.name} ${page.data!.model.version}`} standardization={standardization} />
          <aside className="space-y-4" aria-label="Tagging">
            <p className="text-sm text-slate-700" role="status">
              {at + 1} of the page ({items.length}) · tagged {tagged}
              {cursors.length > 1 ? ` · page ${cursors.length}` : ""}
            </p>
            <div className="flex flex-wrap gap-2">
              <Button type="button" variant="secondary" onClick={() => move(-1)} disabled={at === 0 && cursors.length === 1}>
                ← Previous item
              </Button>
              <Button type="button" variant="secondary" onClick={() => move(1)} disabled={at >= items.length - 1 && !page.data?.nextCursor}>
                Next item →
              </Button>
              <Button type="button" variant="ghost" onClick={previousPage} disabled={cursors.length === 1}>
                Previous page
              </Button>
              <Button type="button" variant="ghost" onClick={nextPage} disabled={!page.data?.nextCursor}>
                Next page
              </Button>
            </div>
            <section aria-label="Tags" className="space-y-2">
              <h3 className="text-sm font-semibold">Tags</h3>
              <TagEditor
                ref={tagInput}
                tags={current.tags}
                projectTags={projectTags.data?.tags ?? []}
                numbered={numbered.tags}
                busy={tagging.isPending}
                error={tagError}
                onAdd={(name) => !current.tags.includes(name) && tagging.mutate({ itemId: current.id, name, remove: false })}
                onRemove={(name) => tagging.mutate({ itemId: current.id, name, remove: true })}
              />
            </section>
          </aside>
        </div>
      ) : null}
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} shortcuts={SHORTCUTS} />
    </div>
  );
}
