import { expect, it } from "vitest";
import * as resolveRoute from "@/app/api/v1/comments/[commentId]/resolve/route";
import * as inboxReadRoute from "@/app/api/v1/inbox/read/route";
import * as inboxRoute from "@/app/api/v1/inbox/route";
import * as commentsRoute from "@/app/api/v1/items/[itemId]/comments/route";
import { apiClient, expectJson } from "@/lib/testing/api";
import { failure } from "@/lib/testing/failure";
import { useTemporaryMediaDir } from "@/lib/testing/media-dir";
import { unzip } from "@/lib/testing/zip";
import { describeEachDatabase } from "@/lib/testing/integration";
import { submitAnnotation } from "./annotations";
import { createApiToken } from "./api-tokens";
import { nextAssignment } from "./assignments";
import type { Caller } from "./auth/caller";
import { exportProject } from "./export";
import { itemThread, LABELER_MUST_SUBMIT, listInbox, markInboxRead, postComment, resolveTopic, unreadCount } from "./discussions";
import { listItems } from "./items";
import { addMember, createProject } from "./projects";
import { addImportedItems } from "./statistics";
import { createUser } from "./users";

useTemporaryMediaDir("concord-discussions-");

const TASKS = [
  { key: "scene", type: "classification", classes: ["indoor", "outdoor"] },
  { key: "objects", type: "bbox", classes: ["cup"] },
];

describeEachDatabase("item discussions and the inbox", (context) => {
  const tag = () => context().target.provider;
  const people: Record<string, Caller> = {};
  let projectId: string;
  let itemId: string;

  async function person(name: string, role: "labeler" | "reviewer" | null, isAdmin = false): Promise<Caller> {
    const caller: Caller = { user: await createUser({ email: `${name}@${tag()}.talk`, name, password: "password 123", isAdmin }), via: "session" };
    if (role) await addMember(people.admin!, projectId, { email: caller.user.email, role });
    people[name] = caller;
    return caller;
  }

  async function submit(name: string) {
    const lease = await nextAssignment(people[name]!, projectId);
    if (!lease) throw new Error(`${name} got no item`);
    await submitAnnotation(people[name]!, lease.assignment.id, { result: [{ task: "scene", type: "classification", values: ["indoor"] }], activeMs: 1000 }, null);
    return lease.item.id;
  }

  const counters = async () => context().client.item.findUniqueOrThrow({ where: { id: itemId }, select: { openDiscussions: true, commentCount: true } });
  const inboxOf = async (name: string) => (await listInbox(people[name]!, new URLSearchParams())).entries.map((entry) => [entry.kind, entry.excerpt]);

  it("refuses a labeler who has not submitted the item with the reason, and lets reviewers in anytime", async () => {
    people.admin = { user: await createUser({ email: `admin@${tag()}.talk`, password: "password 123", isAdmin: true }), via: "session" };
    projectId = (await createProject(people.admin, { name: "Talk", mediaKind: "image", overlap: 2, tasks: TASKS })).id;
    itemId = (await context().client.item.create({ data: { projectId, mediaPath: "x/a.png", mimeType: "image/png", originalName: "a.png", sha256: "talk-a", sizeBytes: 1, width: 10, height: 10, metadata: {} } })).id;
    await addImportedItems(context().client, projectId, [{}]);
    for (const name of ["ann", "ben", "cat"]) await person(name, "labeler");
    await person("rita", "reviewer");

    const refused = await failure(itemThread(people.ann!, itemId));
    expect([refused.code, refused.message]).toEqual(["forbidden", LABELER_MUST_SUBMIT]);
    expect((await failure(postComment(people.ann!, itemId, { body: "is this a cup?" }))).message).toBe(LABELER_MUST_SUBMIT);
    expect(await itemThread(people.rita!, itemId)).toMatchObject({ topics: [], openDiscussions: 0, commentCount: 0, mayResolve: true });
    // Someone outside the project does not learn that the item exists.
    const stranger: Caller = { user: await createUser({ email: `stranger@${tag()}.talk`, password: "password 123" }), via: "session" };
    expect((await failure(itemThread(stranger, itemId))).code).toBe("not_found");
  });

  it("asks the item's labelers: each who submitted gets the question in their inbox, and may then read and reply", async () => {
    expect(await submit("ann")).toBe(itemId);
    expect(await submit("ben")).toBe(itemId);
    const question = await postComment(people.rita!, itemId, { body: "Is the **mug** a cup? See the shape.", isQuestion: true, anchor: { task: "objects", kind: "shape", index: 0 } });
    expect(await inboxOf("ann")).toEqual([["question", "Is the **mug** a cup? See the shape."]]);
    expect(await inboxOf("ben")).toEqual([["question", "Is the **mug** a cup? See the shape."]]);
    expect(await inboxOf("cat")).toEqual([]);
    expect(await inboxOf("rita")).toEqual([]);
    expect(await counters()).toEqual({ openDiscussions: 1, commentCount: 1 });

    // A labeler cannot ask the labelers; an anchor must fit the project's tasks.
    expect((await failure(postComment(people.ann!, itemId, { body: "x", isQuestion: true }))).code).toBe("bad_request");
    expect((await failure(postComment(people.rita!, itemId, { body: "x", anchor: { task: "scene", kind: "shape", index: 0 } }))).message).toBe('anchor.kind: task "scene" has no shapes (it is a classification task)');

    // Ann replies mentioning Ben by name and Cat, who has not labeled the item: Ben gets a mention, Rita (the topic's
    // author) a reply, Cat nothing until she may read the thread.
    const reply = await postComment(people.ann!, itemId, { body: "I think so, @ben? and @cat", parentId: question.id });
    expect(reply.mentions.map((member) => member.name).sort()).toEqual(["ben", "cat"]);
    expect(await inboxOf("ben")).toEqual([
      ["mention", "I think so, @ben? and @cat"],
      ["question", "Is the **mug** a cup? See the shape."],
    ]);
    expect(await inboxOf("rita")).toEqual([["reply", "I think so, @ben? and @cat"]]);
    expect(await inboxOf("cat")).toEqual([]);

    const thread = await itemThread(people.ben!, itemId);
    expect(thread.mayResolve).toBe(false);
    expect(thread.topics).toHaveLength(1);
    expect(thread.topics[0]).toMatchObject({ author: { name: "rita" }, isQuestion: true, anchor: { task: "objects", kind: "shape", index: 0 }, resolution: null });
    expect(thread.topics[0]!.replies.map((comment) => [comment.author?.name, comment.body, comment.mentions.map((member) => member.name).sort()])).toEqual([["ann", "I think so, @ben? and @cat", ["ben", "cat"]]]);
    expect(await counters()).toEqual({ openDiscussions: 1, commentCount: 2 });

    // Labelers' inbox links lead to their revise page, reviewers' to the review page.
    const [annEntry] = (await listInbox(people.ann!, new URLSearchParams())).entries;
    expect(annEntry!.href).toBe(`/projects/${projectId}/items/${itemId}/discussion`);
    expect((await listInbox(people.rita!, new URLSearchParams())).entries[0]!.href).toBe(`/projects/${projectId}/review?item=${itemId}`);
  });

  it("pages the inbox newest first and marks entries read, one or all, only the caller's", async () => {
    expect(await unreadCount(people.ben!)).toBe(2);
    const first = await listInbox(people.ben!, new URLSearchParams({ limit: "1" }));
    expect(first.entries.map((entry) => entry.kind)).toEqual(["mention"]);
    const second = await listInbox(people.ben!, new URLSearchParams({ limit: "1", cursor: first.nextCursor! }));
    expect(second.entries.map((entry) => entry.kind)).toEqual(["question"]);
    expect(second.nextCursor).toBeNull();

    // Ann cannot mark Ben's entries read.
    expect(await markInboxRead(people.ann!, { ids: [first.entries[0]!.id] })).toEqual({ unread: 1 });
    expect(await unreadCount(people.ben!)).toBe(2);
    expect(await markInboxRead(people.ben!, { ids: [first.entries[0]!.id] })).toEqual({ unread: 1 });
    expect((await listInbox(people.ben!, new URLSearchParams({ unread: "1" }))).entries.map((entry) => entry.kind)).toEqual(["question"]);
    expect(await markInboxRead(people.ben!, { all: true })).toEqual({ unread: 0 });
  });

  it("resolves a topic once, by a reviewer or its author, linked to a guideline version, and audits it", async () => {
    const [topic] = (await itemThread(people.rita!, itemId)).topics;
    const reply = topic!.replies[0]!;
    expect((await failure(resolveTopic(people.ann!, topic!.id, {}))).message).toBe("Only reviewers, managers and the topic's author resolve a topic.");
    expect((await failure(resolveTopic(people.rita!, reply.id, {}))).code).toBe("bad_request");
    expect((await failure(resolveTopic(people.rita!, topic!.id, { guidelineVersion: 9 }))).message).toBe("guidelineVersion: this project has no guidelines version 9.");

    const resolution = await resolveTopic(people.rita!, topic!.id, { note: "A mug counts as a cup." });
    expect(resolution).toMatchObject({ by: { name: "rita" }, note: "A mug counts as a cup.", decisionId: null, guidelineVersion: null });
    expect((await failure(resolveTopic(people.admin!, topic!.id, {}))).code).toBe("conflict");
    expect(await counters()).toEqual({ openDiscussions: 0, commentCount: 2 });
    expect((await itemThread(people.ann!, itemId)).topics[0]!.resolution).toMatchObject({ by: { name: "rita" }, note: "A mug counts as a cup." });

    // A labeler resolves a topic of their own.
    const own = await postComment(people.ben!, itemId, { body: "Also: is a glass a cup?" });
    expect(await counters()).toEqual({ openDiscussions: 1, commentCount: 3 });
    await context().client.guidelineVersion.create({ data: { projectId, version: 7, body: "A mug or a glass counts as a cup." } });
    expect(await resolveTopic(people.ben!, own.id, { guidelineVersion: 7 })).toMatchObject({ by: { name: "ben" }, guidelineVersion: 7 });
    expect(await counters()).toEqual({ openDiscussions: 0, commentCount: 3 });

    const audited = await context().client.auditEvent.findMany({ where: { projectId, action: { startsWith: "comment." } }, select: { action: true, actorId: true } });
    const rita = people.rita!.user.id;
    expect(audited.map((event) => [event.action, event.actorId === rita]).sort()).toEqual([
      ["comment.post", false],
      ["comment.post", false],
      ["comment.post", true],
      ["comment.resolve", false],
      ["comment.resolve", true],
    ]);
  });

  it("keeps the item's counters right under concurrent posts", async () => {
    const before = await counters();
    await Promise.all(Array.from({ length: 8 }, (_, index) => postComment(people[index % 2 ? "rita" : "admin"]!, itemId, { body: `topic ${index}` })));
    expect(await counters()).toEqual({ openDiscussions: before.openDiscussions + 8, commentCount: before.commentCount + 8 });
  });

  it("answers over the API: 403 with the reason before a labeler submits, 201 for a post, the inbox and its read marks", async () => {
    const dan = await person("dan", "labeler");
    const danApi = apiClient((await createApiToken(dan, { name: "talk" })).token);
    const ritaApi = apiClient((await createApiToken(people.rita!, { name: "talk" })).token);
    const params = { itemId };
    const refused = await expectJson<{ error: { code: string; message: string } }>(await danApi(commentsRoute.GET, params, `/items/${itemId}/comments`), 403);
    expect(refused.error).toEqual({ code: "forbidden", message: LABELER_MUST_SUBMIT });

    const body = JSON.stringify({ body: "@dan@" + `${tag()}.talk, does this need a label?`, isQuestion: true });
    const posted = await expectJson<{ id: string; mentions: { name: string }[] }>(await ritaApi(commentsRoute.POST, params, `/items/${itemId}/comments`, { method: "POST", body }), 201);
    // Dan is mentioned but has not labeled the item: no entry until the thread opens to him.
    expect(posted.mentions.map((member) => member.name)).toEqual(["dan"]);
    expect((await expectJson<{ unread: number }>(await danApi(inboxRoute.GET, {}, "/inbox"), 200)).unread).toBe(0);

    const inbox = await expectJson<{ entries: { kind: string; commentId: string }[]; unread: number }>(await ritaApi(inboxRoute.GET, {}, "/inbox?unread=1"), 200);
    expect(inbox.entries.every((entry) => entry.commentId !== posted.id)).toBe(true);
    expect(await expectJson(await ritaApi(inboxReadRoute.POST, {}, "/inbox/read", { method: "POST", body: JSON.stringify({ all: true }) }), 200)).toEqual({ unread: 0 });
    expect(await expectJson(await ritaApi(inboxReadRoute.POST, {}, "/inbox/read", { method: "POST", body: JSON.stringify({ all: false }) }), 400)).toMatchObject({ error: { code: "bad_request" } });

    const resolved = await expectJson<{ by: { name: string } }>(await ritaApi(resolveRoute.POST, { commentId: posted.id }, `/comments/${posted.id}/resolve`, { method: "POST", body: JSON.stringify({ note: "No." }) }), 200);
    expect(resolved.by.name).toBe("rita");
  });

  it("filters the item list by open discussion and by thread text in any case, and gives each item its counters", async () => {
    await context().client.item.create({ data: { projectId, mediaPath: "x/b.png", mimeType: "image/png", originalName: "b.png", sha256: "talk-b", sizeBytes: 1, width: 10, height: 10, metadata: {} } });
    const listed = async (query: Record<string, string>) => (await listItems(people.rita!, projectId, new URLSearchParams(query))).items.map((item) => item.originalName);
    expect(await listed({})).toEqual(["a.png", "b.png"]);
    expect(await listed({ discussion: "any" })).toEqual(["a.png"]);
    const { openDiscussions, commentCount } = await counters();
    expect((await listItems(people.rita!, projectId, new URLSearchParams({ discussion: "open" }))).items.map((item) => [item.originalName, item.openDiscussions, item.commentCount])).toEqual([["a.png", openDiscussions, commentCount]]);
    expect(await listed({ q: "mug" })).toEqual(["a.png"]);
    expect(await listed({ q: "GLASS" })).toEqual(["a.png"]);
    expect(await listed({ q: "teapot" })).toEqual([]);
    expect((await failure(listItems(people.rita!, projectId, new URLSearchParams({ discussion: "closed" })))).code).toBe("bad_request");
  });

  it("writes each item's discussion into the JSONL export: topics with replies, authors, anchors, mentions and resolution", async () => {
    interface Line {
      originalName: string;
      discussion: { body: string; author: { name: string } | null; isQuestion: boolean; anchor: unknown; resolution: { by: { name: string }; note: string | null; guidelineVersion: number | null } | null; replies: { body: string; mentions: { name: string }[] }[] }[];
    }
    const files = await unzip((await exportProject(people.admin!, projectId, { format: "jsonl", include: "unresolved" })).stream);
    const lines = files.get("items.jsonl")!.trim().split("\n").map((text) => JSON.parse(text) as Line);
    const [discussed, quiet] = [lines.find((line) => line.originalName === "a.png")!, lines.find((line) => line.originalName === "b.png")!];
    expect(quiet.discussion).toEqual([]);
    const [question, glass] = discussed.discussion;
    expect(question).toMatchObject({ body: "Is the **mug** a cup? See the shape.", author: { name: "rita" }, isQuestion: true, anchor: { task: "objects", kind: "shape", index: 0 }, resolution: { by: { name: "rita" }, note: "A mug counts as a cup.", guidelineVersion: null } });
    expect(question!.replies.map((reply) => [reply.body, reply.mentions.map((member) => member.name).sort()])).toEqual([["I think so, @ben? and @cat", ["ben", "cat"]]]);
    expect(glass).toMatchObject({ body: "Also: is a glass a cup?", isQuestion: false, resolution: { by: { name: "ben" }, note: null, guidelineVersion: 7 }, replies: [] });
    // Every comment is there, once: the topics posted at once and the question to Dan too.
    expect(discussed.discussion.length + discussed.discussion.reduce((sum, topic) => sum + topic.replies.length, 0)).toBe((await counters()).commentCount);
  });
});
