import { expect, it } from "vitest";
import * as evaluationRoute from "@/app/api/v1/projects/[projectId]/evaluation/route";
import * as modelSettingsRoute from "@/app/api/v1/projects/[projectId]/model-settings/route";
import type { EvaluationReport } from "@/lib/evaluation";
import { apiClient, expectJson, type ApiCall } from "@/lib/testing/api";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import { submitAnnotation } from "../annotations";
import { unzipBytes } from "@/lib/testing/zip";
import { createApiToken } from "../api-tokens";
import { nextAssignment } from "../assignments";
import type { Caller } from "../auth/caller";
import { backgroundSettled } from "../background";
import { exportProject } from "../export";
import { listItems } from "../items";
import { addMember, createProject } from "../projects";
import { decideItem } from "../review";
import { addImportedItems } from "../statistics";
import { addItemTags } from "../tags";
import { createUser } from "../users";
import { evaluateNow, modelEvaluation, type EvaluationResponse } from "./evaluation";
import type { ModelSettings } from "./model-settings";
import { importPredictions } from "./predictions";

const TASKS = [{ key: "defect", type: "classification", classes: ["ok", "scratch"] }];
const defect = (value: string) => [{ task: "defect", type: "classification", values: [value] }];

describeEachDatabase("model evaluation, pre-annotation and queue order", (context) => {
  const tag = () => context().target.provider;
  const people = new Map<string, Caller>();
  let api: ApiCall;
  let projectId: string;
  let ids: string[] = [];
  /** What the labelers answer for each item. */
  const truth = new Map<string, string>();

  async function person(name: string, role: "labeler" | "reviewer" | null, isAdmin = false): Promise<Caller> {
    const caller: Caller = { user: await createUser({ email: `${name}@${tag()}.test`, name, password: "password 123", isAdmin }), via: "session" };
    if (role) await addMember(people.get("mle")!, projectId, { email: caller.user.email, role });
    people.set(name, caller);
    return caller;
  }

  async function items(count: number, metadata: (index: number) => object): Promise<string[]> {
    const created: string[] = [];
    for (let index = 0; index < count; index++) {
      const item = await context().client.item.create({
        data: { projectId, mediaPath: `x/${index}.png`, mimeType: "image/png", originalName: `${created.length + ids.length}.png`, sha256: `e-${ids.length + index}`, sizeBytes: 1, width: 10, height: 10, metadata: metadata(index), createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, ids.length + index)) },
      });
      created.push(item.id);
    }
    await addImportedItems(context().client, projectId, created.map((_, index) => metadata(index) as Record<string, unknown>));
    return created;
  }

  /** The labeler takes their next item and answers what `truth` says of it. */
  async function label(name: string) {
    const caller = people.get(name)!;
    const lease = await nextAssignment(caller, projectId);
    if (!lease) throw new Error(`${name} got no item`);
    await submitAnnotation(caller, lease.assignment.id, { result: defect(truth.get(lease.item.id) ?? "ok"), activeMs: 1000 }, null);
    return lease;
  }

  const evaluation = async (query: string) => {
    const response = await api(evaluationRoute.GET, { projectId }, `/projects/${projectId}/evaluation?${query}`);
    return { status: response.status, body: (await response.json()) as EvaluationResponse & { status?: string; previous?: EvaluationResponse | null } };
  };
  /** Asks, lets the job run, and asks again: the computed evaluation. */
  async function evaluated(query: string): Promise<EvaluationResponse> {
    const first = await evaluation(query);
    if (first.status === 200) return first.body;
    expect(first.status).toBe(202);
    await backgroundSettled();
    const second = await evaluation(query);
    expect(second.status).toBe(200);
    return second.body;
  }

  it("evaluates a model against the final labels beside the labelers' agreement, computed by a job and kept until something changes", async () => {
    const mle: Caller = { user: await createUser({ email: `mle@${tag()}.test`, password: "password 123", isAdmin: true }), via: "session" };
    people.set("mle", mle);
    projectId = (await createProject(mle, { name: "Evaluation", mediaKind: "image", overlap: 2, tasks: TASKS })).id;
    api = apiClient((await createApiToken(mle, { name: "evaluation" })).token);
    for (const name of ["ann", "ben"]) await person(name, "labeler");
    await person("rita", "reviewer");
    ids = await items(7, (index) => ({ line: index < 3 ? "A" : "B" }));
    ["ok", "ok", "scratch", "scratch", "ok", "scratch"].forEach((value, index) => truth.set(ids[index]!, value));
    // Both label the first six items alike (each accepted with its consensus); the seventh stays unlabeled.
    for (let round = 0; round < 6; round++) for (const name of ["ann", "ben"]) await label(name);

    const predicted = ["ok", "scratch", "scratch", "ok", "ok"];
    await importPredictions(mle, projectId, {
      model: { name: "cnn", version: "1" },
      predictions: [...predicted.map((value, index) => ({ item: ids[index]!, result: defect(value) })), { item: ids[6]!, result: defect("ok") }],
    });

    const first = await evaluation("model=cnn&by=meta.line");
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: "queued", task: "defect", by: "meta.line", previous: null });
    await backgroundSettled();
    const report = (await evaluation("model=cnn&by=meta.line")).body;
    // Five predicted items have a final label (3 right); the unlabeled one is left out.
    expect(report).toMatchObject({ model: { name: "cnn", version: "1" }, task: "defect", measure: "accuracy", by: "meta.line", leftOut: 1, leftOutReasons: { noFinalLabel: 1, noPrediction: 0 } });
    expect(report.overall).toMatchObject({ items: 5, accuracy: 3 / 5, hlp: 1, gap: 2 / 5 });
    expect(report.perClass.scratch).toMatchObject({ precision: 1 / 2, recall: 1 / 2, support: 2 });
    expect(report.confusion).toEqual({ labels: ["ok", "scratch"], matrix: [[2, 1], [1, 1]] });
    expect(report.labelers.map((labeler) => [labeler.labeler, labeler.items, labeler.accuracy]).sort()).toEqual([
      [people.get("ann")!.user.id, 5, 1],
      [people.get("ben")!.user.id, 5, 1],
    ]);
    // Line A: 2 of 3 right; line B: 1 of 2. Both gaps × shares are 0.2: the larger slice first.
    expect(report.slices.map((slice) => [slice.key, slice.value, slice.items, slice.share, slice.accuracy, slice.hlp, slice.gap, slice.gapTimesShare])).toEqual([
      ["meta.line", "A", 3, 3 / 5, 2 / 3, 1, 1 - 2 / 3, expect.closeTo(0.2, 12)],
      ["meta.line", "B", 2, 2 / 5, 1 / 2, 1, 1 / 2, expect.closeTo(0.2, 12)],
    ]);
    // Kept: asked again, it is the same report without another job.
    expect((await evaluation("model=cnn&by=meta.line")).body.computedAt).toBe(report.computedAt);

    // Each prediction's outcome opens its items: the model's errors.
    const errors = await listItems(people.get("rita")!, projectId, new URLSearchParams({ model: (await context().client.predictionModel.findFirstOrThrow({ where: { projectId } })).id, task: "defect", outcome: "error" }));
    expect(errors.items.map((item) => item.id).sort()).toEqual([ids[1], ids[3]].sort());

    // A reviewer's decision changes a final label: the kept report is stale, and the job computes the new one.
    await decideItem(people.get("rita")!, ids[1]!, { action: "edit", result: defect("scratch"), reason: "a hairline is a scratch", category: "labeling-error" });
    const stale = await evaluation("model=cnn&by=meta.line");
    expect(stale.status).toBe(202);
    expect(stale.body.previous?.overall.accuracy).toBe(3 / 5);
    await backgroundSettled();
    const after = await evaluated("model=cnn&by=meta.line");
    expect(after.overall).toMatchObject({ items: 5, accuracy: 4 / 5 });
    // HLP: the labelers' answers now match the final label on 4 of 5 items (both said "ok" where gold is "scratch").
    expect(after.overall.hlp).toBe(8 / 10);
  });

  it("slices by tag, answers the prioritization table as CSV, prints the same from the command line, and refuses labelers", async () => {
    await addItemTags(people.get("rita")!, ids[0]!, { tags: ["blurry"] });
    await addItemTags(people.get("rita")!, ids[3]!, { tags: ["blurry", "glare"] });
    const byTag = await evaluated("model=cnn&by=tags");
    expect(byTag.slices.map((slice) => [slice.value, slice.items, slice.accuracy])).toEqual(
      expect.arrayContaining([
        ["blurry", 2, 1 / 2],
        ["glare", 1, 0],
        ["(untagged)", 3, 1],
      ]),
    );
    const csv = await api(evaluationRoute.GET, { projectId }, `/projects/${projectId}/evaluation?model=cnn&by=tags&format=csv`);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe("slice,value,items,share,accuracy,hlp,gap,gap_times_share,ease,importance");
    expect(lines).toContain("tags,glare,1,0.2000,0.0000,1.0000,1.0000,0.2000,,");

    const printed = await evaluateNow(projectId, { model: "cnn", by: "tags" });
    const { computedAt: _a, ...cli } = printed;
    const { computedAt: _b, ...api1 } = byTag;
    expect(cli).toEqual(api1);

    // A decision makes every slicing stale: two asked for at once are computed one after the other (they rewrite the
    // same outcomes), and both are done.
    await decideItem(people.get("rita")!, ids[2]!, { action: "accept-consensus", reason: "clear scratch", category: "labeling-error" });
    expect((await evaluation("model=cnn&by=tags")).status).toBe(202);
    expect((await evaluation("model=cnn&by=meta.line")).status).toBe(202);
    await backgroundSettled();
    expect((await evaluation("model=cnn&by=tags")).status).toBe(200);
    expect((await evaluation("model=cnn&by=meta.line")).status).toBe(200);

    // An evaluation left "running" by a process that died is sent again once it has waited long enough.
    const row = await context().client.modelEvaluation.findFirstOrThrow({ where: { by: "tags" } });
    await context().client.modelEvaluation.update({ where: { id: row.id }, data: { status: "running", requestedAt: new Date(Date.now() - 60 * 60_000) } });
    expect((await evaluation("model=cnn&by=tags")).body).toMatchObject({ status: "queued", lastError: null });
    await backgroundSettled();
    expect((await evaluation("model=cnn&by=tags")).status).toBe(200);

    const labeler = await failure(modelEvaluation(people.get("ann")!, projectId, { model: "cnn" }));
    expect(labeler.status).toBe(403);
    const unknown = await failure(modelEvaluation(people.get("rita")!, projectId, { model: "cnn", task: "nope" }));
    expect([unknown.status, unknown.message]).toEqual([400, 'task: this project has no task "nope" (defect)']);
    const missing = await failure(modelEvaluation(people.get("rita")!, projectId, { model: "gpt" }));
    expect([missing.status, missing.message]).toEqual([404, 'This project has no model "gpt".']);
  });

  it("pre-annotates from a model version, holds it back from a share of items, and records how far answers moved from it", async () => {
    const fresh = await items(4, () => ({ line: "C" }));
    ids.push(...fresh);
    await importPredictions(people.get("mle")!, projectId, { model: { name: "cnn", version: "2" }, predictions: fresh.map((id) => ({ item: id, result: [{ ...defect("scratch")[0]!, score: 0.8 }] })) });
    const settings = await expectJson<ModelSettings>(
      await api(modelSettingsRoute.PUT, { projectId }, `/projects/${projectId}/model-settings`, { method: "PUT", body: JSON.stringify({ preannotation: { model: { name: "cnn", version: "2" }, holdOutPercent: 0 } }) }),
      200,
    );
    expect(settings).toMatchObject({ preannotation: { model: { name: "cnn", version: "2" }, holdOutPercent: 0 }, queueOrder: null });

    // The seventh item has no prediction of version 2: it starts empty. The new ones start from the prediction.
    const plain = await label("ann");
    expect([plain.item.id, plain.prefill]).toEqual([ids[6], null]);
    truth.set(fresh[0]!, "ok");
    const shown = await label("ann");
    expect(shown.item.id).toBe(fresh[0]);
    expect(shown.prefill).toEqual({ model: { name: "cnn", version: "2" }, result: defect("scratch") });

    await updateSettings({ preannotation: { model: { name: "cnn", version: "2" }, holdOutPercent: 100 } });
    truth.set(fresh[1]!, "scratch");
    const held = await label("ann");
    expect([held.item.id, held.prefill]).toEqual([fresh[1], null]);
    const stored = await context().client.annotation.findMany({ where: { itemId: { in: [fresh[0]!, fresh[1]!] } }, orderBy: { createdAt: "asc" }, select: { prefill: true, modelAgreement: true } });
    expect(stored).toEqual([
      { prefill: "shown", modelAgreement: 0 },
      { prefill: "held-out", modelAgreement: 1 },
    ]);
    // The JSONL export says of each answer how pre-annotation went.
    const { stream } = await exportProject(people.get("mle")!, projectId, { format: "jsonl", include: "unresolved" });
    const lines = (await unzipBytes(stream)).get("items.jsonl")!.toString("utf8").trim().split("\n").map((line) => JSON.parse(line) as { id: string; annotations: { preannotation: unknown }[] });
    const exported = (id: string) => lines.find((line) => line.id === id)!.annotations[0]!.preannotation;
    const predictionOf = async (id: string) => (await context().client.prediction.findFirstOrThrow({ where: { itemId: id, model: { version: "2" } } })).id;
    expect(exported(fresh[0]!)).toEqual({ shown: true, model: { name: "cnn", version: "2" }, predictionId: await predictionOf(fresh[0]!), modelAgreement: 0 });
    expect(exported(fresh[1]!)).toEqual({ shown: false, model: { name: "cnn", version: "2" }, predictionId: await predictionOf(fresh[1]!), modelAgreement: 1 });
    expect(exported(ids[6]!)).toBeNull();
    const anchoring = (await expectJson<ModelSettings>(await api(modelSettingsRoute.GET, { projectId }, `/projects/${projectId}/model-settings`), 200)).anchoring;
    expect(anchoring).toEqual({ shown: { answers: 1, agreement: 0 }, heldOut: { answers: 1, agreement: 1 } });
    const refused = await failure(updateModelSettingsAs("rita", { preannotation: null }));
    expect(refused.status).toBe(403);
  });

  it("takes fresh items the queue model is least sure of first, once the queue order is set", async () => {
    await updateSettings({ preannotation: null });
    const fresh = await items(3, () => ({ line: "D" }));
    ids.push(...fresh);
    const scores = [0.9, 0.2, 0.5];
    await importPredictions(people.get("mle")!, projectId, { model: { name: "ranker", version: "1" }, predictions: fresh.map((id, index) => ({ item: id, result: defect("ok"), score: scores[index] })) });
    await updateSettings({ queueOrder: { model: { name: "ranker", version: "1" } } });
    await backgroundSettled();
    // Ben has labeled none of the items from the third test on. Items Ann started come first, as always; then the
    // fresh ones, least sure first, and those without a prediction of the queue model last.
    const order: string[] = [];
    for (let index = 0; index < 8; index++) order.push((await label("ben")).item.id);
    const third = ids.slice(7, 11);
    expect(order).toEqual([ids[6], third[0], third[1], fresh[1], fresh[2], fresh[0], third[2], third[3]]);
  });

  async function updateSettings(body: object): Promise<void> {
    await expectJson(await api(modelSettingsRoute.PUT, { projectId }, `/projects/${projectId}/model-settings`, { method: "PUT", body: JSON.stringify(body) }), 200);
  }
  async function updateModelSettingsAs(name: string, body: object) {
    const { updateModelSettings } = await import("./model-settings");
    return updateModelSettings(people.get(name)!, projectId, body);
  }
});

export type { EvaluationReport };
