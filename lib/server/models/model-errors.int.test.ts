import { expect, it } from "vitest";
import * as modelErrorsRoute from "@/app/api/v1/projects/[projectId]/model-errors/route";
import { apiClient, expectJson, type ApiCall } from "@/lib/testing/api";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import { submitAnnotation } from "../annotations";
import { createApiToken } from "../api-tokens";
import { nextAssignment } from "../assignments";
import type { Caller } from "../auth/caller";
import { backgroundSettled } from "../background";
import { addMember, createProject } from "../projects";
import { addImportedItems } from "../statistics";
import { addItemTags } from "../tags";
import { createUser } from "../users";
import { modelEvaluation } from "./evaluation";
import { modelErrors, type ModelErrorPage } from "./model-errors";
import { importPredictions } from "./predictions";

const TASKS = [{ key: "defect", type: "classification", classes: ["ok", "scratch"] }];
const defect = (value: string, score?: number) => [{ task: "defect", type: "classification", values: [value], ...(score === undefined ? {} : { score }) }];

describeEachDatabase("the error analysis: a model's errors a page at a time", (context) => {
  const tag = () => context().target.provider;
  let api: ApiCall;
  let projectId: string;
  let ids: string[];
  let rita: Caller;
  let ann: Caller;

  async function person(name: string, role: "labeler" | "reviewer", manager: Caller): Promise<Caller> {
    const caller: Caller = { user: await createUser({ email: `${name}-errors@${tag()}.test`, name, password: "password 123" }), via: "session" };
    await addMember(manager, projectId, { email: caller.user.email, role });
    return caller;
  }

  const page = (query: string) => modelErrors(rita, projectId, Object.fromEntries(new URLSearchParams(query)));

  it("answers 409 and starts the evaluation before there is one, then pages through the errors by cursor with the final label, prediction and tags of each", async () => {
    const mle: Caller = { user: await createUser({ email: `mle-errors@${tag()}.test`, password: "password 123", isAdmin: true }), via: "session" };
    projectId = (await createProject(mle, { name: "Errors", mediaKind: "image", overlap: 2, tasks: TASKS })).id;
    api = apiClient((await createApiToken(mle, { name: "errors" })).token);
    ann = await person("ann", "labeler", mle);
    const ben = await person("ben", "labeler", mle);
    rita = await person("rita", "reviewer", mle);
    ids = [];
    for (let index = 0; index < 6; index++) {
      const item = await context().client.item.create({
        data: { projectId, mediaPath: `x/${index}.png`, mimeType: "image/png", originalName: `${index}.png`, sha256: `errors-${index}`, sizeBytes: 1, width: 10, height: 10, metadata: { camera: index % 2 ? "B" : "A" } },
      });
      ids.push(item.id);
    }
    ids.sort();
    await addImportedItems(context().client, projectId, ids.map(() => ({})));
    // Both labelers answer alike, so each item is accepted with its consensus as the final label.
    const truth = ["ok", "scratch", "ok", "scratch", "ok", "scratch"];
    for (let round = 0; round < ids.length; round++) {
      for (const labeler of [ann, ben]) {
        const lease = (await nextAssignment(labeler, projectId))!;
        await submitAnnotation(labeler, lease.assignment.id, { result: defect(truth[ids.indexOf(lease.item.id)]!), activeMs: 1000 }, null);
      }
    }
    // Wrong on the 2nd, 3rd and 5th items.
    const predicted = ["ok", "ok", "scratch", "scratch", "scratch", "scratch"];
    await importPredictions(mle, projectId, { model: { name: "cnn", version: "1" }, predictions: ids.map((id, index) => ({ item: id, result: defect(predicted[index]!, 0.5 + index / 20) })) });

    const before = await api(modelErrorsRoute.GET, { projectId }, `/projects/${projectId}/model-errors?model=cnn`);
    expect(before.status).toBe(409);
    expect(((await before.json()) as { error: { message: string } }).error.message).toBe("cnn 1 has no evaluation of defect yet: it has been started; open the evaluation, or ask again once it is done.");
    // The same job the evaluation starts: once it has run, the evaluation is ready.
    expect(await context().client.modelEvaluation.count({ where: { task: "defect", by: "", model: { projectId } } })).toBe(1);
    await backgroundSettled();
    const evaluation = await modelEvaluation(rita, projectId, { model: "cnn" });
    expect(evaluation.status).toBe("done");

    const first = await expectJson<ModelErrorPage>(await api(modelErrorsRoute.GET, { projectId }, `/projects/${projectId}/model-errors?model=cnn&version=1&task=defect&limit=2`), 200);
    expect(first).toMatchObject({ model: { name: "cnn", version: "1" }, task: "defect", nextCursor: ids[2] });
    expect(first.evaluatedAt).toBe(evaluation.status === "done" ? evaluation.evaluation.computedAt : null);
    expect(first.items.map((item) => item.id)).toEqual([ids[1], ids[2]]);
    expect(first.items[0]).toMatchObject({
      originalName: expect.stringMatching(/\.png$/),
      mediaUrl: `/api/v1/items/${ids[1]}/media`,
      thumbnailUrl: `/api/v1/items/${ids[1]}/thumbnail`,
      reviewState: "accepted",
      outcome: { measure: 0, error: true, watchHit: false },
      final: defect("scratch"),
      prediction: { result: defect("ok", 0.55), score: 0.55 },
      tags: [],
    });
    const second = await page(`model=cnn&limit=2&cursor=${first.nextCursor}`);
    expect([second.items.map((item) => item.id), second.nextCursor]).toEqual([[ids[4]], null]);
    expect(second.items[0]!.metadata).toEqual({ camera: expect.any(String) });

    const correct = await page("model=cnn&outcome=correct");
    expect(correct.items.map((item) => [item.id, item.outcome])).toEqual([0, 3, 5].map((index) => [ids[index], { measure: 1, error: false, watchHit: false }]));
    expect((await page("model=cnn&outcome=all&limit=100")).items.map((item) => item.id)).toEqual(ids);
  });

  it("shows each item's tags, filters by a tag or by none, and refuses labelers", async () => {
    await addItemTags(rita, ids[2]!, { tags: ["blurry", "glare"] });
    await addItemTags(rita, ids[4]!, { tags: ["glare"] });
    const errors = await page("model=cnn");
    expect(errors.items.map((item) => item.tags)).toEqual([[], ["blurry", "glare"], ["glare"]]);
    expect((await page("model=cnn&tag=glare")).items.map((item) => item.id)).toEqual([ids[2], ids[4]]);
    expect((await page("model=cnn&untagged=1")).items.map((item) => item.id)).toEqual([ids[1]]);

    expect((await failure(modelErrors(ann, projectId, { model: "cnn" }))).status).toBe(403);
    const tooMany = await failure(page("model=cnn&limit=101"));
    expect(tooMany.status).toBe(400);
    const unknown = await failure(page("model=cnn&task=nope"));
    expect([unknown.status, unknown.message]).toEqual([400, 'task: this project has no task "nope" (defect)']);
  });
});
