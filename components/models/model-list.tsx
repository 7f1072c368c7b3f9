"use client";
// The project's model versions: how many items each predicted, what it was trained on, when it came in.
import { Card } from "@/components/ui/card";
import { useModels, when } from "./queries";
import { TableHead } from "./table-head";

export function ModelList({ projectId }: { projectId: string }) {
  const models = useModels(projectId);
  return (
    <Card title="Models">
      {models.isPending ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : models.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {models.error.message}
        </p>
      ) : !models.data.length ? (
        <p className="text-sm text-slate-600">No models yet: import a model version&apos;s predictions to compare it with the labelers.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" aria-label="Models of the project">
            <TableHead columns={["Model", "Version", "Predictions", "Training export", "Imported"]} />
            <tbody>
              {models.data.map((model) => (
                <tr key={model.id} className="border-t border-slate-100">
                  <td className="whitespace-nowrap py-1.5 pr-4 font-medium">{model.name}</td>
                  <td className="pr-4">{model.version}</td>
                  <td className="pr-4 tabular-nums">{model.predictions}</td>
                  <td className="pr-4">{model.trainingExport ? <code title={model.trainingExport}>{model.trainingExport.slice(0, 12)}…</code> : <span className="text-slate-500">—</span>}</td>
                  <td className="whitespace-nowrap text-slate-600">{when(model.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
