"use client";
// The dashboard's charts (recharts): items by state, submissions per day by labeler and agreement over time. A click on
// a bar or a day opens the items behind it.
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { MouseHandlerDataParam } from "recharts/types/synchronisation/types";

// Distinct at a glance and for the common colour-vision deficiencies (Okabe–Ito).
const SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

/** Opens the `href` of the row under the pointer. */
function useOpenRow(rows: { href: string }[]) {
  const router = useRouter();
  return (state: MouseHandlerDataParam) => {
    const href = rows[Number(state.activeIndex)]?.href;
    if (href) router.push(href);
  };
}

export function StatesChart({ states }: { states: { state: string; items: number; href: string }[] }) {
  const open = useOpenRow(states);
  return (
    <div className="h-56 cursor-pointer" role="img" aria-label={`Items by state: ${states.map((row) => `${row.state} ${row.items}`).join(", ")}`}>
      <ResponsiveContainer width="100%" height="100%">
        {/* Bars across: eight state names fit beside them, not under them. */}
        <BarChart data={states} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 0 }} onClick={open}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="state" tick={{ fontSize: 12 }} width={84} interval={0} />
          <Tooltip />
          <Bar dataKey="items" fill="#2952d9" radius={[0, 3, 3, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** First submissions per day, stacked by labeler. */
export function ThroughputChart({ days, labelers }: { days: { day: string; submissions: number; byLabeler: Record<string, number>; href: string }[]; labelers: { id: string; name: string }[] }) {
  const open = useOpenRow(days);
  if (!days.length) return <p className="text-sm text-slate-600">No submissions in the last 30 days.</p>;
  const rows = days.map((row) => ({ day: row.day, href: row.href, ...Object.fromEntries(labelers.map((labeler) => [labeler.id, row.byLabeler[labeler.id] ?? 0])) }));
  return (
    <div className="h-56 cursor-pointer" role="img" aria-label={`Submissions per day: ${days.map((row) => `${row.day} ${row.submissions}`).join(", ")}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} onClick={open}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={36} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {labelers.map((labeler, index) => (
            <Bar key={labeler.id} dataKey={labeler.id} name={labeler.name} stackId="labelers" maxBarSize={56} fill={SERIES_COLOURS[index % SERIES_COLOURS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Mean item agreement per day of completion, a line per guideline version in force. */
export function AgreementOverTimeChart({ days, versions }: { days: ({ day: string; href: string } & Record<string, number | string | null>)[]; versions: number[] }) {
  const open = useOpenRow(days);
  if (!days.length) return <p className="text-sm text-slate-600">No item has its agreement yet.</p>;
  const key = (version: number) => `v${version}`;
  return (
    <div
      className="h-64 cursor-pointer"
      role="img"
      aria-label={`Agreement per day: ${days.map((row) => `${row.day} ${versions.map((version) => (row[key(version)] === null || row[key(version)] === undefined ? "" : `v${version} ${Number(row[key(version)]).toFixed(2)}`)).join(" ")}`).join(", ")}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={days} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} onClick={open}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 12 }} />
          <YAxis domain={[0, 1]} tick={{ fontSize: 12 }} width={36} />
          <Tooltip formatter={(value) => (typeof value === "number" ? value.toFixed(2) : String(value))} />
          <Legend />
          {versions.map((version, index) => (
            <Line key={version} type="monotone" dataKey={key(version)} name={`guidelines v${version}`} stroke={SERIES_COLOURS[index % SERIES_COLOURS.length]} strokeWidth={2} dot connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
