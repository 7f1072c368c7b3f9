// Who skipped an item and why: a reason from the project's list, or "other" with the labeler's note. Many skips
// with one reason point at broken media or a gap in the guidelines.
import { useId } from "react";
import { localTime } from "./judgment-history";
import { OTHER_SKIP_REASON } from "@/lib/labeling/skip-reasons";

export interface Skip {
  labeler: { id: string; name: string };
  reason: string | null;
  note: string | null;
  at: string | null;
  revisionLease: boolean;
}

export function SkipList({ skips }: { skips: readonly Skip[] }) {
  const heading = useId();
  if (!skips.length) return null;
  return (
    <section aria-labelledby={heading} className="space-y-1 text-sm">
      <h3 id={heading} className="font-semibold text-slate-900">
        Skipped by {skips.length} labeler{skips.length === 1 ? "" : "s"}
      </h3>
      <ul className="space-y-0.5 text-slate-700" aria-label="Skips">
        {skips.map((skip) => (
          <li key={`${skip.labeler.id}:${skip.at}`}>
            <span className="font-medium">{skip.labeler.name}</span>
            {skip.revisionLease ? " (declined a revision)" : ""}: {skip.reason || OTHER_SKIP_REASON}
            {skip.note ? <> — “{skip.note}”</> : null}
            {skip.at ? <span className="text-xs text-slate-600"> · {localTime(skip.at)}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
