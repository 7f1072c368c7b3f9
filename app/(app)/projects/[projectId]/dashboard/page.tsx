import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { AgreementOverTimeChart, AgreementOverTimeList, StatesChart, ThroughputChart, ThroughputTable } from "@/components/dashboard/charts";
import { Breakdown, ByGuidelineVersion, figure, Matrix } from "@/components/dashboard/figures";
import { FigureLink, ItemsLink } from "@/components/dashboard/items-link";
import { PairwiseAgreement } from "@/components/dashboard/pairwise-agreement";
import { Card } from "@/components/ui/card";
import { BackLink } from "@/components/ui/back-link";
import { requirePageProject } from "@/lib/server/auth/session";
import { itemsHref, projectDashboard, type ClassFigures, type Dashboard } from "@/lib/server/dashboard";
import { listTags, type TagSummary } from "@/lib/server/tags";
import { Anchoring } from "@/components/models/model-settings";
import { modelSettings, type ModelSettings } from "@/lib/server/models/model-settings";
import { MAX_PAIR_MATRIX_LABELERS } from "@/lib/quality/agreement-sums";

export const metadata: Metadata = { title: "Dashboard" };

const share = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)}%`);

/** A classification task against its final labels: confusion, a human-level estimate per class, agreement per guideline version, Dawid–Skene's estimates. */
function ClassCard({ projectId, classes, dashboard, names }: { projectId: string; classes: ClassFigures; dashboard: Dashboard; names: Map<string, string> }) {
  const figures = dashboard.agreement.tasks[classes.task];
  return (
    <Card title={`Classes: ${classes.task}${classes.multiple ? " (each set of classes chosen together is one answer)" : ""}`}>
      <div className="grid gap-6 text-sm lg:grid-cols-2">
        <div className="space-y-2">
          <p className="font-medium text-slate-800">Confusion: final label (rows) against labelers&apos; answers (columns)</p>
          <p className="text-xs text-slate-500">A cell counts answers (several labelers answer each item) and opens the items behind them.</p>
          <Matrix
            label={`${classes.task}: confusion`}
            names={classes.confusion.categories}
            cells={classes.confusion.counts.map((row, index) => {
              const total = row.reduce((sum, count) => sum + count, 0);
              return row.map((count, column) => ({ value: total ? count / total : null, label: String(count), href: classes.confusion.hrefs[index]![column]! }));
            })}
          />
          {classes.estimated ? (
            <details className="text-xs">
              <summary className="cursor-pointer font-medium text-slate-800">Estimated confusion per labeler (Dawid–Skene): P(answer | true class)</summary>
              <div className="mt-2 grid gap-4 sm:grid-cols-2">
                {classes.estimated.map((estimate) => (
                  <div key={estimate.labelerId}>
                    <p className="mb-1">
                      {names.get(estimate.labelerId) ?? estimate.labelerId.slice(0, 6)}: accuracy {share(estimate.accuracy)}
                    </p>
                    <Matrix
                      label={`${classes.task}: estimated confusion of ${names.get(estimate.labelerId) ?? estimate.labelerId}`}
                      names={classes.confusion.categories}
                      cells={estimate.confusion.map((row, index) =>
                        row.map((rate, column) => ({
                          value: rate,
                          href: itemsHref(projectId, { labeler: estimate.labelerId, task: classes.task, answer: classes.confusion.categories[column]!, final: classes.confusion.categories[index]! }),
                        })),
                      )}
                    />
                  </div>
                ))}
              </div>
            </details>
          ) : null}
        </div>
        <div className="space-y-3">
          <p className="font-medium text-slate-800">Human-level performance, estimated per class</p>
          <table aria-label={`${classes.task}: human-level performance`} className="text-xs">
            <tbody>
              {classes.humanLevel.map((row) => (
                <tr key={row.label}>
                  <td className="pr-4">{row.label}</td>
                  <td className="pr-4 tabular-nums">
                    <ItemsLink href={row.href}>{share(row.rate)}</ItemsLink>
                  </td>
                  <td className="text-slate-500">
                    <ItemsLink href={row.href}>
                      {row.agreeing} of {row.answers} answers
                    </ItemsLink>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="text-xs text-slate-600">
            Labelers agree with each other{" "}
            <ItemsLink href={itemsHref(projectId, { status: "compared" })}>{share(classes.agreementWithOthers)} of the time</ItemsLink>. Caveat: these compare labelers with final labels that the same labelers
            produced (consensus, or a reviewer&apos;s decision); they estimate how consistent people are, not how often they are right. A model that matches them
            is at human level only as far as the final labels are true; gold from an independent source (a test, an expert panel) gives the real figure.
          </p>
          <ByGuidelineVersion projectId={projectId} byVersion={figures?.type === "classification" ? figures.byGuidelineVersion : {}} caption="Agreement by guideline version" />
        </div>
      </div>
    </Card>
  );
}

function AgreementCard({
  projectId,
  task,
  figures,
  names,
  pairsOmitted,
}: {
  projectId: string;
  task: string;
  figures: Dashboard["agreement"]["tasks"][string];
  names: Map<string, string>;
  pairsOmitted: number | null;
}) {
  const nameOf = (id: string) => names.get(id) ?? id.slice(0, 6);
  return (
    <Card title={`Agreement: ${task}`}>
      {figures.type === "classification" ? (
        <div className="space-y-4 text-sm">
          <p>
            Krippendorff&apos;s alpha (agreement beyond chance: 1 perfect, 0 chance){" "}
            <ItemsLink href={itemsHref(projectId, { status: "compared" })}>
              <strong>{figure(figures.alpha.value)}</strong> over the items two or more labeled
            </ItemsLink>
            {figures.alpha.reason ? <span className="text-slate-500"> ({figures.alpha.reason})</span> : null}
          </p>
          <table aria-label={`${task}: per class`} className="text-sm">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                <th className="pr-4 font-medium">Class</th>
                <th className="font-medium">Krippendorff&apos;s alpha, this class against the rest</th>
              </tr>
            </thead>
            <tbody>
              {figures.perClass.map((row) => (
                <tr key={row.category}>
                  <td className="pr-4">
                    <ItemsLink href={itemsHref(projectId, { task, answer: row.category })}>{row.category}</ItemsLink>
                  </td>
                  <td className="tabular-nums">
                    <ItemsLink href={itemsHref(projectId, { task, answer: row.category })}>{figure(row.alpha.value)}</ItemsLink>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {figures.labelerPairs.labelers.length > 1 ? (
            <p className="text-xs font-medium text-slate-800">Cohen&apos;s kappa per labeler pair (agreement beyond chance of two labelers on the items both labeled)</p>
          ) : null}
          {figures.labelerPairs.labelers.length > 1 ? (
            <div className="space-y-1">
              <Matrix
                label={`${task}: Cohen's kappa per labeler pair`}
                names={figures.labelerPairs.labelers.map(nameOf)}
                cells={figures.labelerPairs.kappa.map((row, index) =>
                  row.map((cell, column) => ({ value: cell?.value ?? null, href: itemsHref(projectId, { labeler: [...new Set([figures.labelerPairs.labelers[index]!, figures.labelerPairs.labelers[column]!])].join(",") }) })),
                )}
              />
              <p className="text-xs text-slate-500">
                Items both labeled:{" "}
                {figures.labelerPairs.labelers
                  .flatMap((first, index) => figures.labelerPairs.labelers.slice(index + 1).map((second, offset) => `${nameOf(first)}–${nameOf(second)} ${figures.labelerPairs.unitsBothRated[index]?.[index + 1 + offset] ?? 0}`))
                  .join(", ")}
                .
              </p>
            </div>
          ) : null}
          <Breakdown projectId={projectId} byMetadata={figures.byMetadata} />
        </div>
      ) : (
        <PairwiseAgreement projectId={projectId} task={task} figures={figures} names={names} />
      )}
      {pairsOmitted !== null ? (
        <p className="mt-4 text-xs text-slate-500">
          {pairsOmitted} labelers: figures per labeler pair are shown for teams of up to {MAX_PAIR_MATRIX_LABELERS}. Each labeler&apos;s agreement with the consensus and with reviewers is in the Labelers table.
        </p>
      ) : null}
    </Card>
  );
}

/** Each tag with its item count (kept on the tag's row: no item is counted here), opening the items that carry it. */
function TagsCard({ projectId, tags }: { projectId: string; tags: TagSummary[] }) {
  return (
    <Card title="Tags">
      {tags.length ? (
        <ul className="flex flex-wrap gap-x-4 gap-y-1.5 text-sm" aria-label="Tags">
          {tags.map((tag) => (
            <li key={tag.name} title={tag.description || undefined}>
              <FigureLink items={tag.items} href={itemsHref(projectId, { tag: tag.name })}>
                {tag.name}: {tag.items.toLocaleString("en")}
              </FigureLink>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No tags yet. Items are tagged by reviewers, by an import manifest&apos;s tags column, or from a metadata value.</p>
      )}
    </Card>
  );
}

/** Whether pre-annotation pulls labelers toward the model: shown only once a project has used it. */
function PreannotationCard({ projectId, settings }: { projectId: string; settings: ModelSettings }) {
  const { preannotation, anchoring } = settings;
  if (!anchoring || (!preannotation && anchoring.shown.answers + anchoring.heldOut.answers === 0)) return null;
  return (
    <Card title="Pre-annotation">
      <p className="text-sm text-slate-600">
        {preannotation ? `Labelers start from ${preannotation.model.name} ${preannotation.model.version}'s predictions, held back on ${preannotation.holdOutPercent}% of each labeler's items.` : "Pre-annotation is off now."}{" "}
        <Link href={`/projects/${projectId}/models`} className="font-medium text-brand-700 underline">
          Models
        </Link>
      </p>
      <Anchoring anchoring={anchoring} />
    </Card>
  );
}

/** How often labelers skipped with each reason: a reason many skip with may be a guideline gap or broken media. */
function SkipsByReason({ rows }: { rows: Dashboard["skipsByReason"] }) {
  const total = rows.reduce((sum, row) => sum + row.skips, 0);
  return (
    <>
      <ul className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2" aria-label="Skips by reason">
        {rows.map((row) => (
          <li key={row.reason} className="flex justify-between gap-3 border-b border-slate-100 py-1">
            <span>{row.reason === "other" ? "Other (with a note)" : row.reason}</span>
            <span className="font-medium tabular-nums">{row.skips}</span>
          </li>
        ))}
      </ul>
      <p className="mt-2 text-xs text-slate-600">{total} first-time skip{total === 1 ? "" : "s"} in all; a review of the item shows each skip&apos;s note. The reasons are set in the project&apos;s settings.</p>
    </>
  );
}

export default async function DashboardPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { caller, project } = await requirePageProject(projectId);
  if (project.role === "labeler") forbidden();
  const [dashboard, tags, settings] = await Promise.all([projectDashboard(caller, project.id), listTags(caller, project.id), modelSettings(caller, project.id)]);
  const names = new Map(Object.entries(dashboard.names));
  return (
    <div className="space-y-6">
      <div>
        <BackLink href={`/projects/${project.id}`} to={project.name} />
        <h1 className="text-2xl font-semibold tracking-tight">Dashboard</h1>
        <p className="text-sm text-slate-600">Every figure opens the items behind it.</p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Items by state">
          <StatesChart states={dashboard.states} />
          <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="States">
            {dashboard.states.map((row) => (
              <li key={row.state}>
                <ItemsLink href={row.href}>
                  {row.state}: {row.items}
                </ItemsLink>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Submissions per day (last 30 days)">
          <ThroughputChart days={dashboard.throughput} labelers={dashboard.throughputLabelers} />
          <ThroughputTable days={dashboard.throughput} labelers={dashboard.throughputLabelers} />
          <p className="mt-2 text-xs text-slate-600">
            Median active time per item and labeler:{" "}
            <ItemsLink href={dashboard.medianActiveSeconds.href}>{dashboard.medianActiveSeconds.value === null ? "—" : `${dashboard.medianActiveSeconds.value} s`}</ItemsLink>.
          </p>
        </Card>
      </div>
      <Card title="Skips by reason">
        <SkipsByReason rows={dashboard.skipsByReason} />
      </Card>
      <Card title="Agreement over time">
        <p className="mb-2 text-sm">
          Mean item agreement (each item&apos;s lowest agreement figure, 0–1) <strong>{figure(dashboard.overallAgreement.mean)}</strong> over{" "}
          <FigureLink items={dashboard.overallAgreement.items} href={dashboard.overallAgreement.href}>
            {dashboard.overallAgreement.items} judged item{dashboard.overallAgreement.items === 1 ? "" : "s"}
          </FigureLink>
        </p>
        <AgreementOverTimeChart days={dashboard.agreementOverTime.days} versions={dashboard.agreementOverTime.versions} />
        <AgreementOverTimeList days={dashboard.agreementOverTime.days} versions={dashboard.agreementOverTime.versions} />
        <p className="mt-2 text-xs text-slate-600">Mean item agreement of the items completed each day, a line per guideline version they were labeled under. A day opens the items completed that day.</p>
      </Card>
      <Card title="Labelers">
        <div className="overflow-x-auto">
          <table className="w-full text-sm" aria-label="Labelers">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                <th className="py-1">Labeler</th>
                <th>Submitted</th>
                <th>Skipped</th>
                <th>Median active time</th>
                <th>Unsure</th>
                <th>Agrees with consensus</th>
                <th>Agrees with reviewers</th>
                {dashboard.dawidSkene.tasks.map(({ task }) => (
                  <th key={task}>Estimated accuracy: {task} (Dawid–Skene)</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {dashboard.labelers.map((labeler) => (
                <tr key={labeler.id} className="border-t border-slate-100">
                  <td className="py-1.5">
                    <ItemsLink href={labeler.href}>{labeler.name}</ItemsLink>
                    {labeler.member ? null : <span className="ml-1 text-xs text-slate-500">(not a labeler now)</span>}
                  </td>
                  <td>
                    <FigureLink items={labeler.submitted} href={labeler.href}>
                      {labeler.submitted}
                    </FigureLink>
                  </td>
                  <td>
                    <FigureLink items={labeler.skipped.items} href={labeler.skipped.href}>
                      {labeler.skipped.items}
                      {labeler.submitted + labeler.skipped.items ? <span className="text-xs text-slate-500"> ({share(labeler.skipped.items / (labeler.submitted + labeler.skipped.items))})</span> : null}
                    </FigureLink>
                  </td>
                  <td>
                    <FigureLink items={labeler.submitted} href={labeler.href}>
                      {labeler.medianActiveSeconds === null ? "—" : `${labeler.medianActiveSeconds} s`}
                    </FigureLink>
                  </td>
                  <td>
                    <FigureLink items={labeler.uncertain.items} href={labeler.uncertain.href}>
                      {share(labeler.uncertain.rate)} <span className="text-xs text-slate-500">({labeler.uncertain.items})</span>
                    </FigureLink>
                  </td>
                  {[labeler.withConsensus, labeler.withGold].map((agreement, index) => (
                    <td key={index}>
                      <FigureLink items={agreement.items} href={agreement.href}>
                        {share(agreement.rate)} <span className="text-xs text-slate-500">of {agreement.items}</span>
                      </FigureLink>
                    </td>
                  ))}
                  {dashboard.dawidSkene.tasks.map(({ task }) => {
                    const accuracy = labeler.estimatedAccuracy[task] ?? null;
                    return (
                      <td key={task}>
                        <FigureLink items={accuracy === null ? 0 : labeler.submitted} href={labeler.href}>
                          {share(accuracy)}
                        </FigureLink>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="mt-2 text-xs text-slate-500">
          Consensus: items accepted automatically; reviewers: disputed items a reviewer resolved, so this rate runs low by construction (it is not a test against independent gold).
          {dashboard.dawidSkene.tasks.map(({ task, items, model }) => (
            <span key={task}>
              {" "}
              {model
                ? `Estimated accuracy on ${task}: labeler model v${model.version}, fitted on ${model.items} items ${new Date(model.fittedAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC (refitted in the background as items are judged).`
                : `No estimated accuracy on ${task} yet: the labeler model (Dawid–Skene) is fitted once ${dashboard.dawidSkene.minItems} items have answers; ${items} have.`}
            </span>
          ))}
        </p>
      </Card>
      <TagsCard projectId={project.id} tags={tags} />
      <PreannotationCard projectId={project.id} settings={settings} />
      {dashboard.classes.map((classes) => (
        <ClassCard key={classes.task} projectId={project.id} classes={classes} dashboard={dashboard} names={names} />
      ))}
      {Object.entries(dashboard.agreement.tasks).map(([task, figures]) => (
        <AgreementCard key={task} projectId={project.id} task={task} figures={figures} names={names} pairsOmitted={dashboard.agreement.labelerPairsOmitted} />
      ))}
    </div>
  );
}
