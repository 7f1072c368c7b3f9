// The Models page's reads through /api/v1, shared by its cards: each key is invalidated where what it reads changes.
import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/client/api";
import type { ModelSettings } from "@/lib/server/models/model-settings";

/** A model version as GET …/predictions lists it (dates as JSON strings). */
export interface ModelVersion {
  id: string;
  name: string;
  version: string;
  trainingExport: string | null;
  predictions: number;
  createdAt: string;
}

export const modelsKey = (projectId: string) => ["projects", projectId, "models"];
export const evaluationKey = (projectId: string) => ["projects", projectId, "evaluation"];

export function useModels(projectId: string) {
  return useQuery({ queryKey: modelsKey(projectId), queryFn: async () => (await api<{ models: ModelVersion[] }>(`/projects/${projectId}/predictions`)).models });
}

export function useModelSettings(projectId: string) {
  return useQuery({ queryKey: ["projects", projectId, "model-settings"], queryFn: () => api<ModelSettings>(`/projects/${projectId}/model-settings`) });
}

/** Member names by user id (reports name labelers by id), from the members list other panels read under the same key. */
export function useMemberNames(projectId: string) {
  return useQuery({
    queryKey: ["projects", projectId, "members"],
    queryFn: () => api<{ members: { userId: string; name: string }[] }>(`/projects/${projectId}/members`),
    select: (data) => new Map(data.members.map((member) => [member.userId, member.name])),
  });
}

/** "name version", as a select and a heading show a model version. */
export const versionLabel = (model: { name: string; version: string }) => `${model.name} ${model.version}`;

/** A 0–1 figure as a percentage with one decimal, or a dash. */
export const percent = (value: number | null | undefined) => (value === null || value === undefined ? "—" : `${(value * 100).toFixed(1)}%`);

/** A 95% interval as "[a–b]" in percentages, or nothing. */
export const intervalText = (interval: [number, number] | null | undefined) => (interval ? `[${percent(interval[0])} – ${percent(interval[1])}]` : "");

export const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
