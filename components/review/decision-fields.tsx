// The reason and the category every review decision needs, as form fields named "reason" and "category".
import { REVIEW_CATEGORIES } from "@/lib/validation/items";

export const CATEGORY_LABEL: Record<(typeof REVIEW_CATEGORIES)[number], string> = {
  "labeling-error": "Labeling error",
  "guideline-gap": "Guideline gap",
  "data-issue": "Data issue (the input lacks the information)",
};

export function DecisionFields({ reasonLabel = "Reason" }: { reasonLabel?: string }) {
  return (
    <>
      <label className="block text-sm">
        <span className="font-medium text-slate-700">{reasonLabel}</span>
        <textarea name="reason" required rows={2} className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5" />
      </label>
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
