// The dashboard's building blocks: figures as links to the items behind them, shaded matrices
// (confusions, labeler pairs) and breakdowns by metadata value.
import Link from "next/link";
import { itemsHref } from "@/lib/validation/items";
import { ItemsLink } from "./items-link";

/** A 0–1 figure to two decimals, or a dash when there is none. */
export const figure = (value: number | null | undefined) => (value === null || value === undefined ? "—" : value.toFixed(2));

/** A cell shaded by its value (0 white, 1 full brand colour), so a pair that disagrees stands out; it opens its items. */
function HeatCell({ value, label, href }: { value: number | null; label?: string; href: string }) {
  const alpha = value === null ? 0 : Math.max(0, Math.min(1, value));
  return (
    <td className="border border-white p-0 text-center tabular-nums" style={{ background: `rgba(41, 82, 217, ${alpha * 0.8})` }}>
      <Link href={href} className="block px-2 py-1 hover:underline" style={{ color: alpha > 0.5 ? "white" : undefined }}>
        {label ?? figure(value)}
      </Link>
    </td>
  );
}

/** A square matrix with row and column names (labels or labelers), each cell a link; scrolls sideways when wide. */
export function Matrix({ label, names, cells }: { label: string; names: string[]; cells: { value: number | null; label?: string; href: string }[][] }) {
  return (
    <div className="max-w-full overflow-x-auto">
      <table aria-label={label} className="border-collapse text-xs">
        <thead>
          <tr>
            <th />
            {names.map((name) => (
              <th key={name} className="px-2 font-medium">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cells.map((row, index) => (
            <tr key={names[index]}>
              <th className="pr-2 text-left font-medium">{names[index]}</th>
              {row.map((cell, column) => (
                <HeatCell key={column} {...cell} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Breakdown({ projectId, byMetadata }: { projectId: string; byMetadata: Record<string, Record<string, { value: number | null }>> }) {
  return Object.entries(byMetadata).map(([key, byValue]) => (
    <p key={key} className="text-xs text-slate-700">
      By {key}:{" "}
      {Object.entries(byValue).map(([value, statistic], index) => (
        <span key={value}>
          {index ? " · " : ""}
          <ItemsLink href={itemsHref(projectId, { status: "compared", [`meta.${key}`]: value })}>
            {value} {figure(statistic.value)}
          </ItemsLink>
        </span>
      ))}
    </p>
  ));
}

/** A figure per guideline version ("v2", or "none" for labels made without guidelines), each version opening the items labeled under it. */
export function ByGuidelineVersion({ projectId, byVersion, caption }: { projectId: string; byVersion: Record<string, { value: number | null }>; caption: string }) {
  const versions = Object.entries(byVersion);
  if (!versions.length) return null;
  return (
    <p className="text-xs text-slate-700">
      {caption}:{" "}
      {versions.map(([version, statistic], index) => (
        <span key={version}>
          {index ? " · " : ""}
          {/^v\d+$/.test(version) ? (
            <ItemsLink href={itemsHref(projectId, { version: version.slice(1) })}>
              {version} {figure(statistic.value)}
            </ItemsLink>
          ) : (
            `${version} ${figure(statistic.value)}`
          )}
        </span>
      ))}
    </p>
  );
}
