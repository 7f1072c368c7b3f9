"use client";
// The project's tags for error analysis (reviewers and managers): what each means, how many items carry it, and tagging
// every item of a metadata value at once ("device = car" → "car noise"), which a job does.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { api } from "@/lib/client/api";
import type { TagSummary } from "@/lib/server/tags";
import { itemsHref } from "@/lib/validation/items";

const fieldClass = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

const tagsKey = (projectId: string) => ["projects", projectId, "tags"];

/** One tag's description, saved when the field is left with a change. */
function TagDescription({ projectId, tag }: { projectId: string; tag: TagSummary }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState(tag.description);
  const save = useMutation({
    mutationFn: () => api<TagSummary>(`/projects/${projectId}/tags`, { method: "PUT", json: { name: tag.name, description: text } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tagsKey(projectId) }),
  });
  return (
    <>
      <input
        aria-label={`What "${tag.name}" means`}
        className={fieldClass}
        value={text}
        maxLength={2000}
        placeholder="What this tag means"
        onChange={(event) => setText(event.target.value)}
        onBlur={() => text !== tag.description && save.mutate()}
      />
      {save.error ? <p className="mt-1 text-xs text-red-700">{save.error.message}</p> : null}
    </>
  );
}

/** Tags every item whose metadata value is exactly this one (a job; 202 at once). */
function TagFromMetadata({ projectId, metadataKeys }: { projectId: string; metadataKeys: string[] }) {
  const [form, setForm] = useState({ key: metadataKeys[0] ?? "", value: "", tag: "" });
  const tag = useMutation({
    mutationFn: () => api(`/projects/${projectId}/tags/from-metadata`, { method: "POST", json: form }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    tag.mutate();
  };
  return (
    <form onSubmit={submit} className="mt-4 border-t border-slate-100 pt-4 text-sm" aria-label="Tag items by metadata">
      <p className="font-medium text-slate-800">Tag every item of a metadata value</p>
      <div className="mt-2 grid gap-3 sm:grid-cols-4">
        <label className="text-xs text-slate-600">
          Metadata key
          <input list="metadata-keys" className={fieldClass} value={form.key} onChange={(event) => setForm({ ...form, key: event.target.value })} required />
          <datalist id="metadata-keys">
            {metadataKeys.map((key) => (
              <option key={key} value={key} />
            ))}
          </datalist>
        </label>
        <label className="text-xs text-slate-600">
          Value
          <input className={fieldClass} value={form.value} onChange={(event) => setForm({ ...form, value: event.target.value })} required />
        </label>
        <label className="text-xs text-slate-600">
          Tag
          <input className={fieldClass} value={form.tag} onChange={(event) => setForm({ ...form, tag: event.target.value })} required />
        </label>
        <div className="flex items-end">
          <Button type="submit" disabled={tag.isPending}>
            Tag items
          </Button>
        </div>
      </div>
      {tag.isSuccess ? (
        <Alert tone="success">
          Tagging every item whose {form.key} is “{form.value}” as “{form.tag}”: the counts below grow as it goes.
        </Alert>
      ) : null}
      {tag.error ? <p className="mt-2 text-xs text-red-700">{tag.error.message}</p> : null}
    </form>
  );
}

export function TagsCard({ projectId, metadataKeys }: { projectId: string; metadataKeys: string[] }) {
  const tags = useQuery({ queryKey: tagsKey(projectId), queryFn: async () => (await api<{ tags: TagSummary[] }>(`/projects/${projectId}/tags`)).tags });
  return (
    <Card title="Tags">
      <p className="text-sm text-slate-600">
        Tags name what goes wrong ("car noise", "blurry"): added in the error analysis, from an import manifest, or from a metadata value below. An evaluation sliced by tags
        compares the model with the labelers per tag.
      </p>
      {tags.error ? <p className="mt-2 text-sm text-red-700">{tags.error.message}</p> : null}
      {tags.data?.length ? (
        <table className="mt-3 w-full text-sm" aria-label="Tags of the project">
          <thead>
            <tr className="text-left text-xs text-slate-500">
              <th className="py-1 pr-4 font-medium">Tag</th>
              <th className="py-1 pr-4 font-medium">Items</th>
              <th className="py-1 font-medium">Meaning</th>
            </tr>
          </thead>
          <tbody>
            {tags.data.map((tag) => (
              <tr key={tag.name} className="border-t border-slate-100">
                <td className="py-1.5 pr-4 font-medium text-slate-800">{tag.name}</td>
                <td className="py-1.5 pr-4 tabular-nums">
                  {tag.items ? (
                    <Link href={itemsHref(projectId, { tag: tag.name })} className="text-brand-700 hover:underline">
                      {tag.items.toLocaleString("en")}
                    </Link>
                  ) : (
                    0
                  )}
                </td>
                <td className="py-1.5">
                  <TagDescription projectId={projectId} tag={tag} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : tags.data ? (
        <p className="mt-3 text-sm text-slate-600">No tags yet.</p>
      ) : null}
      <TagFromMetadata projectId={projectId} metadataKeys={metadataKeys} />
    </Card>
  );
}
