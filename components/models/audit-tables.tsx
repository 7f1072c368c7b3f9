// The audit's tables: a slicing's slices worst first, and the rare classes.
import { ItemsLink } from "@/components/dashboard/items-link";
import { Card } from "@/components/ui/card";
import { NO_VALUE, SLICE_CROSS, UNTAGGED, type AuditSlicing as Slicing, type RareClass } from "@/lib/evaluation";
import { CROSS_KEYS } from "@/lib/validation/predictions";

export const percent = (value: number | null) => (value === null ? "—" : `${(value * 100).toFixed(1)}%`);
/** A difference of two shares in percentage points, signed. */
export const signedPoints = (value: number | null) => (value === null ? "—" : `${value > 0 ? "+" : value < 0 ? "−" : "±"}${Math.abs(value * 100).toFixed(1)} pp`);
const interval = (bounds: [number, number] | null) => (bounds ? `${percent(bounds[0])} – ${percent(bounds[1])}` : "—");

/** The items of one slice that the model's evaluation of the task scored; none when the slice cannot be filtered on ((none), untagged). */
function sliceItemsHref(projectId: string, modelId: string, task: string, by: string, value: string): string | undefined {
  const filters = new URLSearchParams({ model: modelId, task });
  if (by === "tags") {
    if (value === UNTAGGED) return undefined;
    filters.set("tag", value);
  } else {
    const keys = by.split(CROSS_KEYS);
    const values = value.split(SLICE_CROSS);
    if (values.length !== keys.length || values.includes(NO_VALUE)) return undefined;
    keys.forEach((key, index) => filters.set(key, values[index]!));
  }
  return `/projects/${projectId}/items?${filters}`;
}

const headerClass = "px-3 py-2 text-left font-medium text-slate-600";
const cellClass = "px-3 py-1.5";

export function AuditSlicing({ projectId, modelId, task, slicing }: { projectId: string; modelId: string; task: string; slicing: Slicing }) {
  const title = `Worst slices by ${slicing.by.split(CROSS_KEYS).join(" × ")}`;
  return (
    <Card title={title} action={<span className="text-xs text-slate-500">{slicing.worst.length < slicing.slices ? `the ${slicing.worst.length} worst of ${slicing.slices}` : `${slicing.slices} slices`}</span>}>
      <table className="w-full text-sm" aria-label={title}>
        <thead className="border-b border-slate-200">
          <tr>
            <th scope="col" className={headerClass}>Slice</th>
            <th scope="col" className={`${headerClass} text-right`}>Items</th>
            <th scope="col" className={`${headerClass} text-right`}>Model</th>
            <th scope="col" className={`${headerClass} text-right`}>Against overall</th>
            <th scope="col" className={`${headerClass} text-right`}>95% interval</th>
            <th scope="col" className={`${headerClass} text-right`}>Human level</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {slicing.worst.map((slice) => {
            const href = sliceItemsHref(projectId, modelId, task, slicing.by, slice.value);
            return (
              <tr key={slice.value}>
                <th scope="row" className={`${cellClass} text-left font-normal`}>
                  {href ? <ItemsLink href={href}>{slice.value}</ItemsLink> : slice.value}
                </th>
                <td className={`${cellClass} text-right tabular-nums`}>{slice.items}</td>
                <td className={`${cellClass} text-right tabular-nums`}>{percent(slice.accuracy)}</td>
                <td className={`${cellClass} text-right tabular-nums ${slice.gapToOverall !== null && slice.gapToOverall > 0 ? "font-medium text-red-700" : "text-slate-600"}`}>
                  {signedPoints(slice.gapToOverall === null ? null : -slice.gapToOverall)}
                </td>
                <td className={`${cellClass} text-right tabular-nums text-slate-600`}>{interval(slice.interval.accuracy)}</td>
                <td className={`${cellClass} text-right tabular-nums text-slate-600`}>{percent(slice.hlp)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}

export function AuditClasses({ classes }: { classes: RareClass[] }) {
  return (
    <Card title="Rare classes">
      <table className="w-full text-sm" aria-label="Rare classes">
        <thead className="border-b border-slate-200">
          <tr>
            <th scope="col" className={headerClass}>Class</th>
            <th scope="col" className={`${headerClass} text-right`}>Support</th>
            <th scope="col" className={`${headerClass} text-right`}>Precision</th>
            <th scope="col" className={`${headerClass} text-right`}>Recall</th>
            <th scope="col" className={`${headerClass} text-right`}>F1</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {classes.map((figures) => (
            <tr key={figures.label}>
              <th scope="row" className={`${cellClass} text-left font-normal`}>{figures.label}</th>
              <td className={`${cellClass} text-right tabular-nums`}>
                {figures.support} ({percent(figures.share)})
              </td>
              <td className={`${cellClass} text-right tabular-nums`}>{percent(figures.precision)}</td>
              <td className={`${cellClass} text-right tabular-nums`}>{percent(figures.recall)}</td>
              <td className={`${cellClass} text-right tabular-nums`}>{percent(figures.f1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-slate-500">Classes under 5% of the final labels, or else the three least frequent. A precision of — means the model never predicted the class.</p>
    </Card>
  );
}
