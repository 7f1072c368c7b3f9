"use client";
// The dashboard's charts (recharts): items by state, submissions per day by labeler and agreement over time. A click on
// a bar (one labeler's part of a day's bar) or a day opens the items behind it; the tables beside them give the
// same links to the keyboard.
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { MouseHandlerDataParam } from "recharts/types/synchronisation/types";
import { FigureLink, ItemsLink } from "./items-link";

// Distinct at a glance and for the common colour-vision deficiencies (Okabe–Ito); its black as a mid grey, which
// shows on the dark theme's background too.
const SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#64748b"];

/** Legend names in the text colour, not the series' (recharts' default): orange or yellow on white is unreadable. */
const legendName = (name: string) => <span className="text-slate-700">{name}</span>;

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

type ThroughputDay = { day: string; submissions: number; byLabeler: Record<string, number>; href: string; labelerHrefs: Record<string, string> };

/** First submissions per day, stacked by labeler: a click on one labeler's part opens that labeler's items of the day. */
export function ThroughputChart({ days, labelers }: { days: ThroughputDay[]; labelers: { id: string; name: string }[] }) {
  const router = useRouter();
  if (!days.some((row) => row.submissions)) return <p className="text-sm text-slate-600">No submissions in the last 30 days.</p>;
  const rows = days.map((row) => ({ day: row.day, labelerHrefs: row.labelerHrefs, ...Object.fromEntries(labelers.map((labeler) => [labeler.id, row.byLabeler[labeler.id] ?? 0])) }));
  return (
    <div className="h-56 cursor-pointer" role="img" aria-label={`Submissions per day: ${days.map((row) => `${row.day} ${row.submissions}`).join(", ")}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 12 }} tickFormatter={(day: string) => day.slice(5)} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={36} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendName} />
          {labelers.map((labeler, index) => (
            <Bar
              key={labeler.id}
              dataKey={labeler.id}
              name={labeler.name}
              stackId="labelers"
              maxBarSize={56}
              fill={SERIES_COLOURS[index % SERIES_COLOURS.length]}
              isAnimationActive={false}
              onClick={(bar: { payload?: { labelerHrefs: Record<string, string> } }) => {
                const href = bar.payload?.labelerHrefs[labeler.id];
                if (href) router.push(href);
              }}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The throughput chart's figures as links, for the keyboard: the days with submissions, in all and per labeler. */
export function ThroughputTable({ days, labelers }: { days: ThroughputDay[]; labelers: { id: string; name: string }[] }) {
  const active = days.filter((row) => row.submissions);
  if (!active.length) return null;
  return (
    <details className="mt-2 text-xs">
      <summary className="cursor-pointer text-slate-700">Submissions per day as a table ({active.length} day{active.length === 1 ? "" : "s"} with submissions)</summary>
      <table aria-label="Submissions per day" className="mt-1 tabular-nums">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="pr-4 font-medium">Day</th>
            <th className="pr-4 font-medium">All</th>
            {labelers.map((labeler) => (
              <th key={labeler.id} className="pr-4 font-medium">
                {labeler.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {active.map((row) => (
            <tr key={row.day}>
              <td className="pr-4">{row.day}</td>
              <td className="pr-4">
                <FigureLink items={row.submissions} href={row.href}>
                  {row.submissions}
                </FigureLink>
              </td>
              {labelers.map((labeler) => (
                <td key={labeler.id} className="pr-4">
                  <FigureLink items={row.byLabeler[labeler.id] ?? 0} href={row.labelerHrefs[labeler.id]}>
                    {row.byLabeler[labeler.id] ?? 0}
                  </FigureLink>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** The name of a guideline version's line: version 0 is labels made before any guidelines were published. */
const versionName = (version: number) => (version ? `guidelines v${version}` : "no guidelines");

/** Mean item agreement per day of completion, a line per guideline version in force. */
export function AgreementOverTimeChart({ days, versions }: { days: ({ day: string; href: string } & Record<string, number | string | null>)[]; versions: number[] }) {
  const open = useOpenRow(days);
  if (!days.length) return <p className="text-sm text-slate-600">No item has its agreement yet.</p>;
  const key = (version: number) => `v${version}`;
  return (
    <div
      className="h-64 cursor-pointer"
      role="img"
      aria-label={`Agreement per day: ${days.map((row) => `${row.day} ${versions.map((version) => (row[key(version)] === null || row[key(version)] === undefined ? "" : `${versionName(version)} ${Number(row[key(version)]).toFixed(2)}`)).join(" ")}`).join(", ")}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={days} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} onClick={open}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 12 }} />
          <YAxis domain={[0, 1]} tick={{ fontSize: 12 }} width={36} />
          <Tooltip formatter={(value) => (typeof value === "number" ? value.toFixed(2) : String(value))} />
          <Legend formatter={legendName} />
          {versions.map((version, index) => (
            <Line key={version} type="monotone" dataKey={key(version)} name={versionName(version)} stroke={SERIES_COLOURS[index % SERIES_COLOURS.length]} strokeWidth={2} dot connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The agreement chart's days as links, for the keyboard: each opens the items completed that day. */
export function AgreementOverTimeList({ days, versions }: { days: ({ day: string; href: string } & Record<string, number | string | null>)[]; versions: number[] }) {
  if (!days.length) return null;
  return (
    <ul aria-label="Agreement per day" className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs tabular-nums">
      {days.map((row) => (
        <li key={row.day}>
          <ItemsLink href={row.href}>
            {row.day}:{" "}
            {versions
              .filter((version) => typeof row[`v${version}`] === "number")
              .map((version) => `${versionName(version)} ${Number(row[`v${version}`]).toFixed(2)}`)
              .join(", ")}
          </ItemsLink>
        </li>
      ))}
    </ul>
  );
}
