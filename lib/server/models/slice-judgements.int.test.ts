import { expect, it } from "vitest";
import * as evaluationRoute from "@/app/api/v1/projects/[projectId]/evaluation/route";
import * as judgementsRoute from "@/app/api/v1/projects/[projectId]/slice-judgements/route";
import { apiClient, expectJson, type ApiCall } from "@/lib/testing/api";
import { describeEachDatabase } from "@/lib/testing/integration";
import { submitAnnotation } from "../annotations";
import { createApiToken } from "../api-tokens";
import { nextAssignment } from "../assignments";
import type { Caller } from "../auth/caller";
import { addMember, createProject } from "../projects";
import { addImportedItems } from "../statistics";
import { createUser } from "../users";
import { evaluateNow } from "./evaluation";
import { importPredictions } from "./predictions";
import type { SliceJudgementView } from "./slice-judgements";

const defect = (value: string) => [{ task: "defect", type: "classification", values: [value] }];

describeEachDatabase("slice judgements", (context) => {
  const tag = () => context().target.provider;
  let projectId: string;
  const clients = new Map<string, ApiCall>();

  async function person(name: string, role: "labeler" | "reviewer" | null, manager: Caller): Promise<Caller> {
    const caller: Caller = { user: await createUser({ email: `${name}-judge@${tag()}.test`, name, password: "password 123" }), via: "session" };
    if (role) await addMember(manager, projectId, { email: caller.user.email, role });
    clients.set(name, apiClient((await createApiToken(caller, { name })).token));
    return caller;
  }

  const put = (name: string, body: unknown) => clients.get(name)!(judgementsRoute.PUT, { projectId }, `/projects/${projectId}/slice-judgements`, { method: "PUT", body: JSON.stringify(body) });
  const get = (name: string, query: string) => clients.get(name)!(judgementsRoute.GET, { projectId }, `/projects/${projectId}/slice-judgements?${query}`);

  it("keeps the team's ease and importance per slice for reviewers and managers, refuses labelers and bad input, and carries them into the CSV", async () => {
    const manager: Caller = { user: await createUser({ email: `manager-judge@${tag()}.test`, name: "Manager", password: "password 123", isAdmin: true }), via: "session" };
    projectId = (await createProject(manager, { name: "Judgements", mediaKind: "image", overlap: 1, tasks: [{ key: "defect", type: "classification", classes: ["ok", "scratch"] }] })).id;
    clients.set("manager", apiClient((await createApiToken(manager, { name: "manager" })).token));
    const ann = await person("ann", "labeler", manager);
    await person("rita", "reviewer", manager);
    await person("stranger", null, manager);

    const lines = ["A", "A", "B"];
    const ids: string[] = [];
    for (const [index, line] of lines.entries()) {
      const item = await context().client.item.create({
        data: { projectId, mediaPath: `j/${index}.png`, mimeType: "image/png", originalName: `${index}.png`, sha256: `j-${index}`, sizeBytes: 1, width: 10, height: 10, metadata: { line }, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)) },
      });
      ids.push(item.id);
    }
    await addImportedItems(context().client, projectId, lines.map((line) => ({ line })));
    for (let round = 0; round < ids.length; round++) {
      const lease = await nextAssignment(ann, projectId);
      await submitAnnotation(ann, lease!.assignment.id, { result: defect("ok"), activeMs: 1000 }, null);
    }
    await importPredictions(manager, projectId, { model: { name: "cnn", version: "1" }, predictions: ids.map((id, index) => ({ item: id, result: defect(index === 2 ? "scratch" : "ok") })) });
    await evaluateNow(projectId, { model: "cnn", by: "meta.line" });

    // The reviewer judges line B; the manager judges line A, then changes it: one row per slice, the latest kept.
    const saved = await expectJson<SliceJudgementView>(await put("rita", { sliceKey: "meta.line", value: "B", ease: "easy", importance: "high" }), 200);
    expect(saved).toMatchObject({ sliceKey: "meta.line", value: "B", ease: "easy", importance: "high" });
    await expectJson(await put("manager", { sliceKey: "meta.line", value: "A", ease: "hard" }), 200);
    await expectJson(await put("manager", { sliceKey: "meta.line", value: "A", ease: " hard ", importance: "=1+1" }), 200);
    // Another slicing's judgement of the same value is its own.
    await expectJson(await put("manager", { sliceKey: "tags", value: "A", ease: "other" }), 200);

    const listed = await expectJson<{ judgements: SliceJudgementView[] }>(await get("rita", "sliceKey=meta.line"), 200);
    expect(listed.judgements.map(({ value, ease, importance }) => [value, ease, importance])).toEqual([
      ["A", "hard", "=1+1"],
      ["B", "easy", "high"],
    ]);

    // Labelers and strangers neither see nor write them.
    expect((await get("ann", "sliceKey=meta.line")).status).toBe(403);
    expect((await put("ann", { sliceKey: "meta.line", value: "A", ease: "x" })).status).toBe(403);
    expect((await get("stranger", "sliceKey=meta.line")).status).toBe(404);

    // Bad input: a clear message naming the field, nothing written.
    expect(await expectJson(await put("manager", { sliceKey: "speaker", value: "A" }), 400)).toMatchObject({ error: { message: "sliceKey: by is meta.<key>, up to 3 keys crossed (meta.<a>*meta.<b>), or tags" } });
    expect(await expectJson(await put("manager", { sliceKey: "meta.line", value: "A", ease: "x".repeat(201) }), 400)).toMatchObject({ error: { message: "ease: ease has at most 200 characters" } });
    expect((await get("manager", "")).status).toBe(400);
    expect((await context().client.sliceJudgement.findMany({ where: { projectId } })).length).toBe(3);

    // The CSV carries each slice's judgement, a formula guarded as the export guards it.
    const csv = await clients.get("rita")!(evaluationRoute.GET, { projectId }, `/projects/${projectId}/evaluation?model=cnn&by=meta.line&format=csv`);
    expect(csv.status).toBe(200);
    const rows = (await csv.text()).trim().split("\r\n");
    expect(rows).toEqual([
      "slice,value,items,share,accuracy,hlp,gap,gap_times_share,ease,importance",
      "meta.line,B,1,0.3333,0.0000,1.0000,1.0000,0.3333,easy,high",
      "meta.line,A,2,0.6667,1.0000,1.0000,0.0000,0.0000,hard,'=1+1",
    ]);
  });
});
