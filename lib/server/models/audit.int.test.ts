import { expect, it } from "vitest";
import * as auditRoute from "@/app/api/v1/projects/[projectId]/audit/route";
import * as watchListRoute from "@/app/api/v1/projects/[projectId]/watch-list/route";
import { apiClient, expectJson, type ApiCall } from "@/lib/testing/api";
import { runConcord } from "@/lib/testing/cli";
import { failure } from "@/lib/testing/failure";
import { describeEachDatabase } from "@/lib/testing/integration";
import { submitAnnotation } from "../annotations";
import { createApiToken } from "../api-tokens";
import { nextAssignment } from "../assignments";
import type { Caller } from "../auth/caller";
import { backgroundSettled } from "../background";
import { listItems } from "../items";
import { addMember, createProject } from "../projects";
import { addImportedItems } from "../statistics";
import { createUser } from "../users";
import { modelAudit, type AuditResponse } from "./audit";
import { importPredictions } from "./predictions";
import { updateWatchList } from "./watch-list";

const TASKS = [
  { key: "intent", type: "classification", classes: ["weather", "music", "timer"] },
  { key: "words", type: "transcript" },
];
const answer = (intent: string, words: string) => [
  { task: "intent", type: "classification", values: [intent] },
  { task: "words", type: "transcript", text: words },
];

/** Six utterances: what the labelers both say, what the model predicts, and where they were recorded. */
const UTTERANCES = [
  { intent: "music", words: "play gans", predicted: ["music", "play guns"], accent: "en-gb", device: "speaker" },
  { intent: "weather", words: "weather in london", predicted: ["weather", "weather in london"], accent: "en-gb", device: "phone" },
  { intent: "timer", words: "set a timer", predicted: ["weather", "set a time"], accent: "en-us", device: "phone" },
  { intent: "music", words: "play jazz", predicted: ["music", "play jazz"], accent: "en-us", device: "speaker" },
  { intent: "weather", words: "weather today", predicted: ["weather", "whether today"], accent: "en-gb", device: "speaker" },
  { intent: "weather", words: "stop", predicted: ["weather", "stop"], accent: "en-us", device: "phone" },
];

describeEachDatabase("model audit and the watch list", (context) => {
  const tag = () => context().target.provider;
  const people = new Map<string, Caller>();
  let api: ApiCall;
  let projectId: string;
  let modelId: string;
  const ids: string[] = [];

  async function person(name: string, role: "labeler" | "reviewer"): Promise<Caller> {
    const caller: Caller = { user: await createUser({ email: `${name}@audit-${tag()}.test`, name, password: "password 123" }), via: "session" };
    await addMember(people.get("mle")!, projectId, { email: caller.user.email, role });
    people.set(name, caller);
    return caller;
  }

  const audit = async (query: string) => {
    const response = await api(auditRoute.GET, { projectId }, `/projects/${projectId}/audit?${query}`);
    return { status: response.status, body: (await response.json()) as AuditResponse & { status?: string; pending?: (string | null)[] } };
  };
  async function audited(query: string): Promise<AuditResponse> {
    const first = await audit(query);
    expect(first.status).toBe(202);
    await backgroundSettled();
    const second = await audit(query);
    expect(second.status).toBe(200);
    return second.body;
  }

  it("keeps a watch list that managers edit and reviewers read", async () => {
    const mle: Caller = { user: await createUser({ email: `mle@audit-${tag()}.test`, password: "password 123", isAdmin: true }), via: "session" };
    people.set("mle", mle);
    projectId = (await createProject(mle, { name: "Voice audit", mediaKind: "audio", overlap: 2, tasks: TASKS })).id;
    api = apiClient((await createApiToken(mle, { name: "audit" })).token);
    await person("ann", "labeler");
    await person("ben", "labeler");
    const rita = await person("rita", "reviewer");
    const ritaApi = apiClient((await createApiToken(rita, { name: "audit" })).token);

    const read = (call: ApiCall) => call(watchListRoute.GET, { projectId }, `/projects/${projectId}/watch-list`);
    const write = (call: ApiCall, body: unknown) => call(watchListRoute.PUT, { projectId }, `/projects/${projectId}/watch-list`, { method: "PUT", body: JSON.stringify(body) });
    expect(await expectJson(await read(ritaApi), 200)).toEqual({ terms: [] });
    expect((await write(ritaApi, { terms: ["guns"] })).status).toBe(403);
    expect((await read(apiClient((await createApiToken(people.get("ann")!, { name: "audit" })).token))).status).toBe(403);
    // Repeats ignoring case are kept once; spaces collapse.
    expect(await expectJson(await write(api, { terms: ["guns", "Guns", "  darn   it "] }), 200)).toEqual({ terms: ["guns", "darn it"] });
    expect(await expectJson(await read(ritaApi), 200)).toEqual({ terms: ["guns", "darn it"] });

    const refused = async (body: unknown) => ((await expectJson(await write(api, body), 400)) as { error: { message: string } }).error.message;
    expect(await refused({ terms: ["bad\u0007word"] })).toMatch(/a watch-list term cannot hold control characters/);
    expect(await refused({ terms: ["x".repeat(101)] })).toMatch(/a watch-list term has at most 100 characters/);
    expect(await refused({ terms: [" "] })).toMatch(/a watch-list term cannot be empty/);
    expect(await refused({ terms: Array.from({ length: 501 }, (_, index) => `term ${index}`) })).toMatch(/at most 500 terms/);
    expect(await expectJson(await read(ritaApi), 200)).toEqual({ terms: ["guns", "darn it"] });
  });

  it("audits a transcript task: worst crossed slices first, watch-list hits opening their items, stale when the list changes", async () => {
    for (const [index, utterance] of UTTERANCES.entries()) {
      const item = await context().client.item.create({
        data: { projectId, mediaPath: `a/${index}.wav`, mimeType: "audio/wav", originalName: `${index}.wav`, sha256: `audit-${index}`, sizeBytes: 1, durationMs: 2000, metadata: { accent: utterance.accent, device: utterance.device }, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)) },
      });
      ids.push(item.id);
    }
    await addImportedItems(context().client, projectId, UTTERANCES.map(({ accent, device }) => ({ accent, device })));
    for (let round = 0; round < UTTERANCES.length; round++) {
      for (const name of ["ann", "ben"]) {
        const lease = (await nextAssignment(people.get(name)!, projectId))!;
        const utterance = UTTERANCES[ids.indexOf(lease.item.id)]!;
        await submitAnnotation(people.get(name)!, lease.assignment.id, { result: answer(utterance.intent, utterance.words), activeMs: 1000 }, null);
      }
    }
    const imported = await importPredictions(people.get("mle")!, projectId, {
      model: { name: "asr", version: "1" },
      predictions: UTTERANCES.map(({ predicted: [intent, words] }, index) => ({ item: ids[index]!, result: answer(intent!, words!) })),
    });
    modelId = imported.model.id;

    const first = await audit("model=asr&task=words&slices=meta.accent*meta.device,meta.device");
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: "queued", task: "words", pending: [null, "meta.accent*meta.device", "meta.device"] });
    await backgroundSettled();
    const report = (await audit("model=asr&task=words&slices=meta.accent*meta.device,meta.device")).body;
    // Word errors 1 + 0 + 1 + 0 + 1 + 0 of 13 reference words.
    expect(report).toMatchObject({ model: { name: "asr", version: "1" }, task: "words", taskType: "transcript", measure: "1 − WER", rareClasses: [] });
    expect(report.overall.accuracy).toBeCloseTo(10 / 13, 12);
    const [crossed, device] = report.slicings;
    expect(crossed!.by).toBe("meta.accent*meta.device");
    expect(crossed!.worst.map(({ key, value, items, accuracy, gapToOverall }) => [key, value, items, accuracy, gapToOverall])).toEqual([
      ["meta.accent × meta.device", "en-gb × speaker", 2, 2 / 4, expect.closeTo(10 / 13 - 2 / 4, 12)],
      ["meta.accent × meta.device", "en-us × phone", 2, 3 / 4, expect.closeTo(10 / 13 - 3 / 4, 12)],
      ["meta.accent × meta.device", "en-gb × phone", 1, 1, expect.closeTo(10 / 13 - 1, 12)],
      ["meta.accent × meta.device", "en-us × speaker", 1, 1, expect.closeTo(10 / 13 - 1, 12)],
    ]);
    expect(device!.worst.map(({ value, accuracy }) => [value, accuracy])).toEqual([
      ["speaker", expect.closeTo(4 / 6, 12)],
      ["phone", expect.closeTo(6 / 7, 12)],
    ]);
    // The course's "GANs" heard as "guns": the labelers wrote "gans", the model "guns".
    expect(report.watchList).toEqual([
      { term: "guns", predictions: 1, items: [ids[0]] },
      { term: "darn it", predictions: 0, items: [] },
    ]);
    const rita = people.get("rita")!;
    const hits = await listItems(rita, projectId, new URLSearchParams({ model: modelId, task: "words", watch: "1" }));
    expect(hits.items.map((item) => item.id)).toEqual([ids[0]]);
    expect((await failure(listItems(rita, projectId, new URLSearchParams({ watch: "1" })))).status).toBe(400);
    // Kept while nothing changes.
    expect((await audit("model=asr&task=words&slices=meta.accent*meta.device,meta.device")).body.computedAt).toBe(report.computedAt);

    // A new watch list leaves every kept evaluation stale; the new count replaces the old, and the hits with it.
    await updateWatchList(people.get("mle")!, projectId, { terms: ["whether"] });
    const after = await audited("model=asr&task=words&slices=meta.device");
    expect(after.watchList).toEqual([{ term: "whether", predictions: 1, items: [ids[4]] }]);
    const newHits = await listItems(rita, projectId, new URLSearchParams({ model: modelId, task: "words", watch: "1" }));
    expect(newHits.items.map((item) => item.id)).toEqual([ids[4]]);
  });

  it("audits a classification task's rare classes, refuses labelers and malformed slicings, and prints the same from the command line", async () => {
    const report = await audited("model=asr&task=intent&slices=meta.accent");
    // Support weather 3, music 2, timer 1 of 6: none below 5%, so the three least supported, rarest first.
    expect(report.rareClasses.map(({ label, support, precision, recall }) => [label, support, precision, recall])).toEqual([
      ["timer", 1, null, 0],
      ["music", 2, 1, 1],
      ["weather", 3, 3 / 4, 1],
    ]);
    expect(report.watchList).toEqual([]);
    expect(report.slicings[0]!.worst.map(({ value, accuracy }) => [value, accuracy])).toEqual([
      ["en-us", 2 / 3],
      ["en-gb", 1],
    ]);

    expect((await failure(modelAudit(people.get("ann")!, projectId, { model: "asr" }))).status).toBe(403);
    const tooDeep = await failure(modelAudit(people.get("rita")!, projectId, { model: "asr", slices: "meta.a*meta.b*meta.c*meta.d" }));
    expect([tooDeep.status, tooDeep.message]).toEqual([400, expect.stringMatching(/up to 3 keys crossed/)]);
    const tooMany = await failure(modelAudit(people.get("rita")!, projectId, { model: "asr", slices: "meta.a,meta.b,meta.c,meta.d,meta.e,tags" }));
    expect([tooMany.status, tooMany.message]).toEqual([400, expect.stringMatching(/at most 5 slicings/)]);

    const printed = runConcord(context().target, ["audit", "--project", projectId, "--model", "asr", "--task", "intent", "--slices", "meta.accent"]);
    expect(printed.code).toBe(0);
    const { computedAt: _cli, ...cli } = JSON.parse(printed.stdout) as AuditResponse;
    const { computedAt: _api, ...fromApi } = report;
    expect(cli).toEqual(fromApi);
  });
});
