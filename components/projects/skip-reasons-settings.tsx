"use client";
// The reasons labelers pick from when they skip an item, one per line; "other" with a note is always offered.
// Checked as the server checks them, so a duplicate or an empty list is named next to the field before saving.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { api } from "@/lib/client/api";
import { DEFAULT_SKIP_REASONS, skipReasonsSchema } from "@/lib/labeling/skip-reasons";
import { describeIssue } from "@/lib/validation/parse";

const reasonsOf = (text: string) => text.split("\n").map((line) => line.trim()).filter(Boolean);

export function SkipReasonsSettings({ projectId, reasons }: { projectId: string; reasons: readonly string[] }) {
  const router = useRouter();
  const field = useId();
  const [text, setText] = useState(reasons.join("\n"));
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (skipReasons: string[] | null) => api(`/projects/${projectId}`, { method: "PATCH", json: { skipReasons } }),
    onSuccess: (_, skipReasons) => {
      if (!skipReasons) setText(DEFAULT_SKIP_REASONS.join("\n"));
      setSaved(true);
      router.refresh();
    },
    onError: (error) => setProblem(error.message),
  });
  const submit = (skipReasons: string[] | null) => {
    const parsed = skipReasons && skipReasonsSchema.safeParse(skipReasons);
    const issue = parsed && !parsed.success ? parsed.error.issues[0]! : null;
    // An issue about one reason names its line, as the manager counts them.
    setProblem(issue ? (typeof issue.path[0] === "number" ? `Line ${issue.path[0] + 1}: ${issue.message}` : describeIssue(issue).message) : null);
    setSaved(false);
    if (!issue) save.mutate(skipReasons);
  };
  return (
    <Card title="Skip reasons">
      <form
        className="space-y-3"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit(reasonsOf(text));
        }}
      >
        <label htmlFor={field} className="block text-sm font-medium text-slate-700">
          Reasons labelers choose from, one per line (up to 9; keys 1–9 pick them)
        </label>
        <p className="text-xs text-slate-600">&ldquo;Other&rdquo; with the labeler&apos;s own words is always offered too. The dashboard counts skips by reason.</p>
        <textarea
          id={field}
          value={text}
          onChange={(event) => setText(event.target.value)}
          rows={5}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${field}-problem` : undefined}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
        />
        {problem ? (
          <p id={`${field}-problem`} role="alert" className="text-sm text-red-700">
            {problem}
          </p>
        ) : null}
        {saved ? <Alert tone="success">Skip reasons saved.</Alert> : null}
        <div className="flex gap-2">
          <Button type="submit" disabled={save.isPending}>
            Save skip reasons
          </Button>
          <Button type="button" variant="secondary" disabled={save.isPending} onClick={() => submit(null)}>
            Use the defaults
          </Button>
        </div>
      </form>
    </Card>
  );
}
