import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { BackLink } from "@/components/ui/back-link";
import { requirePageProject } from "@/lib/server/auth/session";
import { labelerFeedback } from "@/lib/server/feedback";
import type { ResultEntry } from "@/lib/validation/annotation";

export const metadata: Metadata = { title: "Your feedback" };

/** An answer in a few words: classes, shapes and segments counted, transcripts quoted. */
function summary(result: unknown): string {
  const entries = result as ResultEntry[];
  const parts = entries.map((entry) => {
    switch (entry.type) {
      case "classification":
        return `${entry.task}: ${entry.values.join(" + ")}`;
      case "transcript":
        return `${entry.task}: “${entry.text}”`;
      case "segment":
        return `${entry.label} ${entry.start.toFixed(1)}–${entry.end.toFixed(1)} s${entry.transcript ? ` “${entry.transcript}”` : ""}`;
      default:
        return `${entry.type} ${entry.label}`;
    }
  });
  return parts.join("; ") || "no answer";
}

export default async function FeedbackPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { caller, project } = await requirePageProject(projectId);
  const feedback = await labelerFeedback(caller, project.id);
  return (
    <div className="space-y-6">
      <div>
        <BackLink href={`/projects/${project.id}`} to={project.name} />
        <h1 className="text-xl font-semibold tracking-tight">Your feedback</h1>
        <p className="text-sm text-slate-600">How your answers compare with the final labels: the consensus, or a reviewer&apos;s decision.</p>
      </div>
      <Card title="Agreement with the final labels, by day">
        {feedback.agreementByDay.length ? (
          <table className="w-full text-sm" aria-label="Agreement by day">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                <th className="py-1">Day</th>
                <th>Items with a final label</th>
                <th>You agreed</th>
                <th>Rate</th>
              </tr>
            </thead>
            <tbody>
              {feedback.agreementByDay.map((row) => (
                <tr key={row.day} className="border-t border-slate-100">
                  <td className="py-1.5">{row.day}</td>
                  <td>{row.items}</td>
                  <td>{row.agreed}</td>
                  <td>{Math.round(row.rate * 100)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm text-slate-600">None of the items you labeled has a final label yet.</p>
        )}
      </Card>
      {feedback.resolvedDifferently.length ? (
        <Card title="Resolved differently from your answer">
          <ul className="space-y-3 text-sm" aria-label="Resolved differently">
            {feedback.resolvedDifferently.map((entry) => (
              <li key={entry.itemId} className="border-t border-slate-100 pt-2 first:border-0 first:pt-0">
                <p className="font-medium text-slate-900">{entry.originalName}</p>
                <p className="text-slate-700">You: {summary(entry.yours)}</p>
                <p className="text-slate-700">Final: {summary(entry.final)}</p>
                <p className="text-slate-600">
                  {entry.decision.reviewer}, {entry.decision.at.toLocaleDateString("en", { dateStyle: "medium" })}
                  {entry.decision.category ? ` (${entry.decision.category})` : ""}: {entry.decision.reason}
                </p>
              </li>
            ))}
          </ul>
        </Card>
      ) : (
        <EmptyState title="No reviewed item went against your answer">
          <p>When a reviewer resolves one of your items differently, it shows here with their reason.</p>
        </EmptyState>
      )}
    </div>
  );
}
