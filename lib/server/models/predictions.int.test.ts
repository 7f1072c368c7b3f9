import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import * as itemTagRoute from "@/app/api/v1/items/[itemId]/tags/route";
import * as itemTagDeleteRoute from "@/app/api/v1/items/[itemId]/tags/[tag]/route";
import * as predictionsRoute from "@/app/api/v1/projects/[projectId]/predictions/route";
import * as tagsRoute from "@/app/api/v1/projects/[projectId]/tags/route";
import { importPredictionsInParts, readPredictionsFile } from "@/lib/cli/predictions-import";
import { apiClient, expectJson, type ApiCall } from "@/lib/testing/api";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import type { PredictionsImportReport } from "@/lib/validation/predictions";
import { createApiToken } from "../api-tokens";
import type { Caller } from "../auth/caller";
import { addMember, createProject } from "../projects";
import { addItemTags, listTags } from "../tags";
import { createUser } from "../users";
import { listModels } from "./models";
import { importPredictions } from "./predictions";

const TASKS = [
  { key: "defect", type: "classification", classes: ["ok", "scratch"] },
  { key: "boxes", type: "bbox", classes: ["scratch"] },
];
const defect = (value: string) => ({ task: "defect", type: "classification", values: [value] });

describeEachDatabase("predictions and tags", (context) => {
  const tag = () => context().target.provider;
  let manager: Caller;
  let reviewer: Caller;
  let labeler: Caller;
  let api: ApiCall;
  let projectId: string;
  const ids: string[] = [];

  async function person(name: string, role: "labeler" | "reviewer" | null, isAdmin = false): Promise<Caller> {
    const caller: Caller = { user: await createUser({ email: `${name}@${tag()}.test`, name, password: "password 123", isAdmin }), via: "session" };
    if (role) await addMember(manager, projectId, { email: caller.user.email, role });
    return caller;
  }

  it("imports a model version's predictions by item id or file name, each checked against the project and its item", async () => {
    manager = await person("mle", null, true);
    projectId = (await createProject(manager, { name: "Predictions", mediaKind: "image", tasks: TASKS })).id;
    reviewer = await person("sme", "reviewer");
    labeler = await person("lab", "labeler");
    api = apiClient((await createApiToken(manager, { name: "predictions" })).token);
    for (const [index, name] of ["a.png", "b.png", "twin.png", "twin.png"].entries()) {
      const item = await context().client.item.create({
        data: { projectId, mediaPath: `x/${index}.png`, mimeType: "image/png", originalName: name, sha256: `p-${index}`, sizeBytes: 1, width: 100, height: 50, metadata: {} },
      });
      ids.push(item.id);
    }

    const report = await importPredictions(manager, projectId, {
      model: { name: "resnet", version: "1", trainingExport: "a".repeat(64) },
      predictions: [
        { item: ids[0], result: [{ ...defect("ok"), score: 0.9 }, { task: "boxes", type: "bbox", label: "scratch", x: 1, y: 1, width: 10, height: 10, score: 0.4 }] },
        { item: "b.png", result: [defect("scratch")], score: 0.7 },
        { item: "twin.png", result: [defect("ok")] },
        { item: "missing.png", result: [defect("ok")] },
        { item: ids[1], result: [defect("dent")] },
        { item: ids[0], result: [{ ...defect("ok"), score: 1.5 }] },
        { item: ids[0], result: [{ task: "boxes", type: "bbox", label: "scratch", x: 95, y: 1, width: 10, height: 10 }] },
        { result: [] },
      ],
    });
    expect(report.imported).toBe(2);
    expect(report.rejected).toEqual([
      { item: "predictions.7", reason: "item: Invalid input: expected string, received undefined" },
      { item: "twin.png", reason: '2 items are named "twin.png"; name the item by its id' },
      { item: "missing.png", reason: "no item of this project has this id or name" },
      { item: ids[1], reason: expect.stringContaining('result.0.values.0: "dent" is not a class of task "defect"') },
      { item: ids[0], reason: "result.0.score: a score is a number from 0 to 1" },
      { item: ids[0], reason: expect.stringContaining("result.0.x: the box must lie within the image width (0–100 px)") },
    ]);
    const stored = await context().client.prediction.findMany({ where: { projectId }, orderBy: { score: "asc" }, select: { itemId: true, score: true, result: true } });
    // The item's score is the one given, else the lowest of its entries'.
    expect(stored.map((row) => [row.itemId, row.score])).toEqual([
      [ids[0], 0.4],
      [ids[1], 0.7],
    ]);
    expect((stored[0]!.result as { score?: number }[]).map((entry) => entry.score)).toEqual([0.9, 0.4]);
    expect(await listModels(reviewer, projectId)).toEqual([
      { id: report.model.id, name: "resnet", version: "1", trainingExport: "a".repeat(64), predictions: 2, createdAt: expect.any(Date) },
    ]);
  });

  it("replaces an item's earlier prediction of the same version, and keeps other versions apart", async () => {
    const again = await importPredictions(manager, projectId, { model: { name: "resnet", version: "1" }, predictions: [{ item: ids[0], result: [defect("scratch")] }] });
    expect(again).toMatchObject({ imported: 1, rejected: [] });
    await importPredictions(manager, projectId, { model: { name: "resnet", version: "2" }, predictions: [{ item: ids[0], result: [defect("ok")] }] });
    const models = await listModels(manager, projectId);
    expect(models.map((model) => [model.version, model.predictions])).toEqual([
      ["2", 1],
      ["1", 2],
    ]);
    const latest = await context().client.prediction.findFirstOrThrow({ where: { itemId: ids[0], model: { version: "1" } }, select: { result: true, score: true } });
    expect([latest.result, latest.score]).toEqual([[defect("scratch")], null]);
    const retrained = await failure(importPredictions(manager, projectId, { model: { name: "resnet", version: "1", trainingExport: "b".repeat(64) }, predictions: [{ item: ids[0], result: [] }] }));
    expect([retrained.status, retrained.message]).toEqual([409, expect.stringContaining("give the new training a new version")]);
  });

  it("takes JSON Lines over the API with the model in the query, and refuses labelers and reviewers", async () => {
    const lines = [{ item: ids[1], result: [defect("ok")] }, { item: "b.png", result: [defect("scratch")] }].map((line) => JSON.stringify(line)).join("\n");
    const report = await expectJson<PredictionsImportReport>(
      await api(predictionsRoute.POST, { projectId }, `/projects/${projectId}/predictions?model=whisper&version=v3`, { method: "POST", body: lines, headers: { "content-type": "application/x-ndjson" } }),
      200,
    );
    expect(report).toMatchObject({ model: { name: "whisper", version: "v3" }, imported: 1, rejected: [] });
    const broken = await api(predictionsRoute.POST, { projectId }, `/projects/${projectId}/predictions?model=whisper&version=v3`, { method: "POST", body: "{}\nnot json", headers: { "content-type": "application/x-ndjson" } });
    expect(await expectJson(broken, 400)).toMatchObject({ error: { message: "Line 2 of the body is not JSON." } });
    for (const caller of [reviewer, labeler]) {
      const refused = await failure(importPredictions(caller, projectId, { model: { name: "m", version: "1" }, predictions: [{ item: ids[0], result: [] }] }));
      expect(refused.status).toBe(403);
    }
    const unnamed = await api(predictionsRoute.POST, { projectId }, `/projects/${projectId}/predictions`, { method: "POST", body: JSON.stringify({ model: { name: " ", version: "1" }, predictions: [{}] }) });
    expect(await expectJson(unnamed, 400)).toMatchObject({ error: { message: "model.name: the model's name cannot be empty" } });
    const listed = await expectJson<{ models: { name: string }[] }>(await api(predictionsRoute.GET, { projectId }, `/projects/${projectId}/predictions`), 200);
    expect(listed.models.map((model) => model.name).sort()).toEqual(["resnet", "resnet", "whisper"]);
  });

  it("reads a predictions file for the command line, as JSON or JSON Lines, and imports it in parts", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "predictions-"));
    const jsonl = path.join(dir, "p.jsonl");
    writeFileSync(jsonl, Array.from({ length: 2500 }, (_, index) => JSON.stringify({ item: ids[index % 2], result: [defect(index % 3 ? "ok" : "scratch")] })).join("\n") + "\n");
    const file = await readPredictionsFile(jsonl, { name: "big", version: "1" });
    expect([file.model, file.predictions.length, file.lines]).toEqual([{ name: "big", version: "1" }, 2500, true]);
    // 2,500 predictions of 2 items in three parts: each item ends with its last prediction.
    expect(await importPredictionsInParts(manager, projectId, file)).toMatchObject({ imported: 2 + 2 + 2, rejected: [] });
    const json = path.join(dir, "p.json");
    writeFileSync(json, JSON.stringify({ model: { name: "small", version: "0" }, predictions: [{ item: "a.png", result: [defect("ok")] }] }));
    expect(await readPredictionsFile(json, { version: "9" })).toEqual({ model: { name: "small", version: "9" }, predictions: [{ item: "a.png", result: [defect("ok")] }], lines: false });
    writeFileSync(json, "{ not json");
    await expect(readPredictionsFile(json, {})).rejects.toThrow("line 1 is not JSON");
    expect((await listModels(manager, projectId)).find((model) => model.name === "big")?.predictions).toBe(2);
  });

  it("tags items for error analysis: counts kept, a tag added twice at once counted once, removal by name", async () => {
    const added = await expectJson<{ tags: string[] }>(
      await api(itemTagRoute.POST, { itemId: ids[0]! }, `/items/${ids[0]}/tags`, { method: "POST", body: JSON.stringify({ tags: ["car  noise ", "blurry"] }) }),
      200,
    );
    expect(added.tags).toEqual(["car noise", "blurry"]);
    // Both requests race to add the same new tag to the same item (and to make the tag): one row, one count.
    await Promise.all([addItemTags(reviewer, ids[1]!, { tags: ["people noise"] }), addItemTags(reviewer, ids[1]!, { tags: ["people noise"] })]);
    await addItemTags(reviewer, ids[1]!, { tags: ["car noise"] });
    expect(await listTags(reviewer, projectId)).toEqual([
      { name: "car noise", description: "", items: 2 },
      { name: "blurry", description: "", items: 1 },
      { name: "people noise", description: "", items: 1 },
    ]);
    const described = await expectJson(
      await api(tagsRoute.PUT, { projectId }, `/projects/${projectId}/tags`, { method: "PUT", body: JSON.stringify({ name: "car noise", description: "engine or road noise under the speech" }) }),
      200,
    );
    expect(described).toEqual({ name: "car noise", description: "engine or road noise under the speech", items: 2 });
    const removed = await expectJson<{ tags: string[] }>(await api(itemTagDeleteRoute.DELETE, { itemId: ids[0]!, tag: "car noise" }, `/items/${ids[0]}/tags/car%20noise`, { method: "DELETE" }), 200);
    expect(removed.tags).toEqual(["blurry"]);
    const again = await api(itemTagDeleteRoute.DELETE, { itemId: ids[0]!, tag: "car noise" }, `/items/${ids[0]}/tags/car%20noise`, { method: "DELETE" });
    expect(await expectJson(again, 404)).toMatchObject({ error: { message: 'This item has no tag "car noise".' } });
    const listed = await expectJson<{ tags: { name: string; items: number }[] }>(await api(tagsRoute.GET, { projectId }, `/projects/${projectId}/tags`), 200);
    expect(listed.tags.map((each) => [each.name, each.items])).toEqual([
      ["blurry", 1],
      ["car noise", 1],
      ["people noise", 1],
    ]);
    const byLabeler = await failure(addItemTags(labeler, ids[0]!, { tags: ["x"] }));
    expect(byLabeler.status).toBe(403);
    const empty = await failure(addItemTags(reviewer, ids[0]!, { tags: ["  "] }));
    expect([empty.status, empty.message]).toEqual([400, "tags.0: a tag cannot be empty"]);
  });
});
