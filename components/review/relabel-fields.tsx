// Who a "send back for relabeling" decision asks: the item's labelers to revise their own answers (by default those
// whose answer differs from the consensus), or a number of people who have not seen it.
import { useState } from "react";

export type RelabelChoice = { mode: "revise"; labelers: string[] } | { mode: "fresh"; labelers: number };

/** The choice as the form's fields hold it: `relabelMode`, `reviser` (checked labelers), `freshLabelers`. */
export function relabelChoiceOf(form: FormData): RelabelChoice {
  return form.get("relabelMode") === "fresh"
    ? { mode: "fresh", labelers: Number(form.get("freshLabelers")) }
    : { mode: "revise", labelers: form.getAll("reviser").map(String) };
}

export function RelabelFields({ labelers, askedByDefault }: { labelers: readonly { id: string; name: string }[]; askedByDefault: readonly string[] }) {
  const [mode, setMode] = useState<RelabelChoice["mode"]>("revise");
  return (
    <fieldset className="space-y-2 rounded-md border border-slate-200 p-3 text-sm">
      <legend className="px-1 font-medium text-slate-700">Who relabels</legend>
      <label className="flex items-center gap-2">
        <input type="radio" name="relabelMode" value="revise" checked={mode === "revise"} onChange={() => setMode("revise")} />
        Ask labelers of this item to revise their answer (it comes first in their queue, with your reason)
      </label>
      <div className="ml-6 flex flex-wrap gap-3" role="group" aria-label="Labelers asked to revise">
        {labelers.map((labeler) => (
          <label key={labeler.id} className="flex items-center gap-1.5">
            <input type="checkbox" name="reviser" value={labeler.id} defaultChecked={askedByDefault.includes(labeler.id)} disabled={mode !== "revise"} />
            {labeler.name}
            {askedByDefault.includes(labeler.id) ? <span className="text-xs text-slate-500">(differs from the consensus)</span> : null}
          </label>
        ))}
      </div>
      <label className="flex items-center gap-2">
        <input type="radio" name="relabelMode" value="fresh" checked={mode === "fresh"} onChange={() => setMode("fresh")} />
        Ask
        <input
          type="number"
          name="freshLabelers"
          min={1}
          max={20}
          defaultValue={1}
          disabled={mode !== "fresh"}
          aria-label="How many fresh labelers"
          className="w-16 rounded-md border border-slate-300 px-2 py-1"
        />
        people who have not seen it
      </label>
    </fieldset>
  );
}
