"use client";
// The dashboard's charts (recharts): items by state and submissions per day.
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export function StatesChart({ states }: { states: { state: string; items: number }[] }) {
  return (
    <div className="h-56" role="img" aria-label={`Items by state: ${states.map((row) => `${row.state} ${row.items}`).join(", ")}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={states} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="state" tick={{ fontSize: 11 }} interval={0} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={36} />
          <Tooltip />
          <Bar dataKey="items" fill="#2952d9" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function ThroughputChart({ days }: { days: { day: string; submissions: number }[] }) {
  if (!days.length) return <p className="text-sm text-slate-600">No submissions in the last 30 days.</p>;
  return (
    <div className="h-56" role="img" aria-label={`Submissions per day: ${days.map((row) => `${row.day} ${row.submissions}`).join(", ")}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={days} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={36} />
          <Tooltip />
          <Line type="monotone" dataKey="submissions" stroke="#2952d9" strokeWidth={2} dot isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
