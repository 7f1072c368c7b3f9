// The reason and the category every review decision needs, as form fields named "reason" and "category".
import { useId } from "react";
import { REVIEW_CATEGORIES } from "@/lib/validation/items";
import { KeyHint } from "./review-shortcuts";

export const CATEGORY_LABEL: Record<(typeof REVIEW_CATEGORIES)[number], string> = {
  "labeling-error": "Labeling error",
  "guideline-gap": "Guideline gap",
  "data-issue": "Data issue (the input lacks the information)",
};

/** `reasonKey`: the key that focuses the reason, where the screen has one. */
export function DecisionFields({ reasonLabel = "Reason", reasonKey }: { reasonLabel?: string; reasonKey?: string }) {
  const reasonId = useId();
  return (
    <>
      <div className="text-sm">
        {/* The key's hint beside the label rather than in it: the field's name stays the reason's. */}
        <label htmlFor={reasonId} className="font-medium text-slate-700">
          {reasonLabel}
        </label>
        {reasonKey ? <KeyHint keys={reasonKey} /> : null}
        <textarea id={reasonId} name="reason" required rows={2} aria-keyshortcuts={reasonKey} className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5" />
      </div>
      <label className="block text-sm">
        <span className="font-medium text-slate-700">Category</span>
        <select name="category" required defaultValue="" className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5">
          <option value="" disabled>
            Choose…
          </option>
          {REVIEW_CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {CATEGORY_LABEL[category]}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
