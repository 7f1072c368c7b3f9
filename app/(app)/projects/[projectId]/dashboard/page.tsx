import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { StatesChart, ThroughputChart } from "@/components/dashboard/charts";
import { Card } from "@/components/ui/card";
import { requirePageProject } from "@/lib/server/auth/session";
import { projectDashboard, type Dashboard } from "@/lib/server/dashboard";

export const metadata: Metadata = { title: "Dashboard" };

const FIGURE_NAME: Record<string, string> = { meanF1: "matched F1", frameAlpha: "frame alpha", meanWer: "word error rate" };
const share = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)}%`);
const figure = (value: number | null | undefined) => (value === null || value === undefined ? "—" : value.toFixed(2));

/** A cell shaded by its value (0 white, 1 full brand colour), so a pair that disagrees stands out. */
function HeatCell({ value, label }: { value: number | null; label?: string }) {
  const alpha = value === null ? 0 : Math.max(0, Math.min(1, value));
  return (
    <td className="border border-white px-2 py-1 text-center tabular-nums" style={{ background: `rgba(41, 82, 217, ${alpha * 0.8})`, color: alpha > 0.5 ? "white" : undefined }}>
      {label ?? figure(value)}
    </td>
  );
}

function byVersionOf(dashboard: Dashboard, task: string): [string, number | null][] {
  const figures = dashboard.agreement.tasks[task];
  return figures?.type === "classification" ? Object.entries(figures.byGuidelineVersion).map(([version, statistic]) => [version, statistic.value]) : [];
}

/** The first classification task against its final labels: confusion, a human-level estimate per class, agreement per guideline version. */
function ClassFigures({ classes, byVersion }: { classes: NonNullable<Dashboard["classes"]>; byVersion: [string, number | null][] }) {
  return (
    <Card title={`Classes: ${classes.task}`}>
      <div className="grid gap-6 text-sm lg:grid-cols-2">
        <div>
          <p className="mb-2 font-medium text-slate-800">Confusion: final label (rows) against labelers&apos; answers (columns)</p>
          <table aria-label={`${classes.task}: confusion`} className="border-collapse text-xs">
            <thead>
              <tr>
                <th />
                {classes.confusion.categories.map((category) => (
                  <th key={category} className="px-2 font-medium">
                    {category}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {classes.confusion.counts.map((row, index) => {
                const total = row.reduce((sum, count) => sum + count, 0);
                return (
                  <tr key={classes.confusion.categories[index]}>
                    <th className="pr-2 text-left font-medium">{classes.confusion.categories[index]}</th>
                    {row.map((count, column) => (
                      <HeatCell key={column} value={total ? count / total : null} label={String(count)} />
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div className="space-y-3">
          <p className="font-medium text-slate-800">Human-level performance, estimated per class</p>
          <table aria-label={`${classes.task}: human-level performance`} className="text-xs">
            <tbody>
              {classes.humanLevel.map((row) => (
                <tr key={row.label}>
                  <td className="pr-4">{row.label}</td>
                  <td className="pr-4 tabular-nums">{share(row.rate)}</td>
                  <td className="text-slate-500">
                    {row.agreeing} of {row.answers} answers
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="text-xs text-slate-600">
            Labelers agree with each other {share(classes.agreementWithOthers)} of the time. Caveat: these compare labelers with final labels that the same labelers
            produced (consensus, or a reviewer&apos;s decision); they estimate how consistent people are, not how often they are right. A model that matches them
            is at human level only as far as the final labels are true; gold from an independent source (a test, an expert panel) gives the real figure.
          </p>
          {byVersion.length ? (
            <p className="text-xs text-slate-700">
              Agreement by guideline version: {byVersion.map(([version, value]) => `v${version} ${figure(value)}`).join(" · ")}
            </p>
          ) : null}
        </div>
      </div>
    </Card>
  );
}

export default async function DashboardPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { caller, project } = await requirePageProject(projectId);
  if (project.role === "labeler") forbidden();
  const dashboard = await projectDashboard(caller, project.id);
  const names = new Map(dashboard.labelers.map((labeler) => [labeler.id, labeler.name]));
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/projects/${project.id}`} className="text-sm text-brand-700 hover:underline">
          ← {project.name}
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">Dashboard</h1>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Items by state">
          <StatesChart states={dashboard.states} />
          <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="States">
            {dashboard.states.map((row) => (
              <li key={row.state}>
                {row.href ? (
                  <a href={row.href} className="text-brand-700 hover:underline">
                    {row.state}: {row.items}
                  </a>
                ) : (
                  `${row.state}: ${row.items}`
                )}
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Submissions per day (last 30 days)">
          <ThroughputChart days={dashboard.throughput} />
        </Card>
      </div>
      <Card title="Labelers">
        <table className="w-full text-sm" aria-label="Labelers">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th className="py-1">Labeler</th>
              <th>Submitted</th>
              <th>Skipped</th>
              <th>Median active time</th>
              <th>Unsure</th>
              <th>Agrees with final labels</th>
              <th>Estimated accuracy (Dawid–Skene)</th>
            </tr>
          </thead>
          <tbody>
            {dashboard.labelers.map((labeler) => (
              <tr key={labeler.id} className="border-t border-slate-100">
                <td className="py-1.5">{labeler.name}</td>
                <td>{labeler.submitted}</td>
                <td>{labeler.skipped}</td>
                <td>{labeler.medianActiveSeconds === null ? "—" : `${labeler.medianActiveSeconds} s`}</td>
                <td>{share(labeler.uncertaintyRate)}</td>
                <td>{share(labeler.agreementWithFinal)}</td>
                <td>{share(labeler.modelAccuracy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 text-xs text-slate-500">Estimated accuracy needs 20 labeled items; agreement with final labels counts items that have one.</p>
      </Card>
      {dashboard.classes ? <ClassFigures classes={dashboard.classes} byVersion={byVersionOf(dashboard, dashboard.classes.task)} /> : null}
      {Object.entries(dashboard.agreement.tasks).map(([task, figures]) => (
        <Card key={task} title={`Agreement: ${task}`}>
          {figures.type === "classification" ? (
            <div className="space-y-4 text-sm">
              <p>
                Krippendorff&apos;s alpha <strong>{figure(figures.alpha.value)}</strong>
                {figures.alpha.reason ? <span className="text-slate-500"> ({figures.alpha.reason})</span> : null}
              </p>
              <table aria-label={`${task}: per class`} className="text-sm">
                <tbody>
                  {figures.perClass.map((row) => (
                    <tr key={row.category}>
                      <td className="pr-4">{row.category}</td>
                      <td className="tabular-nums">{figure(row.alpha.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {figures.labelerPairs.labelers.length > 1 ? (
                <table aria-label={`${task}: Cohen's kappa per labeler pair`} className="border-collapse text-xs">
                  <thead>
                    <tr>
                      <th />
                      {figures.labelerPairs.labelers.map((id) => (
                        <th key={id} className="px-2 font-medium">
                          {names.get(id) ?? id.slice(0, 6)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {figures.labelerPairs.labelers.map((id, row) => (
                      <tr key={id}>
                        <th className="pr-2 text-left font-medium">{names.get(id) ?? id.slice(0, 6)}</th>
                        {figures.labelerPairs.kappa[row]!.map((cell, column) => (
                          <HeatCell key={column} value={cell?.value ?? null} />
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {Object.entries(figures.byMetadata).map(([key, byValue]) => (
                <p key={key} className="text-xs text-slate-700">
                  By {key}:{" "}
                  {Object.entries(byValue)
                    .map(([value, statistic]) => `${value} ${figure(statistic.value)}`)
                    .join(" · ")}
                </p>
              ))}
            </div>
          ) : (
            <p className="text-sm">
              Mean {FIGURE_NAME[figures.figure] ?? figures.figure} per item <strong>{figure(figures.mean.value)}</strong> over {figures.items} items
              {Object.entries(figures.byMetadata).map(([key, byValue]) => (
                <span key={key} className="block text-xs text-slate-700">
                  By {key}:{" "}
                  {Object.entries(byValue)
                    .map(([value, statistic]) => `${value} ${figure(statistic.value)}`)
                    .join(" · ")}
                </span>
              ))}
            </p>
          )}
        </Card>
      ))}
    </div>
  );
}
