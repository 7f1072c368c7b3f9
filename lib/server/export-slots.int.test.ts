// Export turns (issue 19 #8): two exports run at once; an export whose client has gone gives its turn back at once,
// whether it was waiting for a turn, being prepared or streaming, and one user never holds both turns. Over real HTTP
// where a client hangs up (lib/testing/http.ts: Next's own request signal and response piping).
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { get, type IncomingMessage } from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import pg from "pg";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { GET as exportRoute } from "@/app/api/v1/projects/[projectId]/export/route";
import { serveRoute, type RouteServer } from "@/lib/testing/http";
import { describeEachDatabase, type IntegrationContext } from "@/lib/testing/integration";
import { useTemporaryMediaDir } from "@/lib/testing/media-dir";
import { unzipBytes } from "@/lib/testing/zip";
import { createApiToken } from "./api-tokens";
import type { Caller } from "./auth/caller";
import { exportProject } from "./export";
import { absoluteMediaPath } from "./media/store";
import { createProject } from "./projects";
import { createUser } from "./users";

useTemporaryMediaDir("concord-export-slots-");

/** The export processes this test process has started and that have not ended. */
const exportProcesses = () =>
  readdirSync("/proc/self/task")
    .flatMap((thread) => readFileSync(`/proc/self/task/${thread}/children`, "utf8").split(" ").filter(Boolean))
    .filter((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--max-old-space-size"));

// More than a client's and the server's socket buffers hold: an export with it that nobody reads stays running (one
// of a few kilobytes may be written whole into the pipe and end, unread).
const LARGE_MEDIA_BYTES = 32 * 2 ** 20;

type People = Map<string, { caller: Caller; token: string }>;

/** Administrators with API tokens, by name, and a project with a small image and a large one. */
async function setUp(context: IntegrationContext, names: string[]): Promise<{ people: People; projectId: string }> {
  const tag = context.target.provider;
  const people: People = new Map();
  for (const name of names) {
    const user = await createUser({ email: `${name}@${tag}.slots`, name, password: "password 123", isAdmin: true });
    const caller: Caller = { user, via: "session" };
    people.set(name, { caller, token: (await createApiToken(caller, { name: "exports" })).token });
  }
  const { id: projectId } = await createProject(people.get(names[0]!)!.caller, { name: "Turns", mediaKind: "image", overlap: 1, tasks: [{ key: "defect", type: "classification", classes: ["ok"] }] });
  for (const [name, bytes] of [["small.png", Buffer.from("png")], ["large.png", randomBytes(LARGE_MEDIA_BYTES)]] as const) {
    const mediaPath = `${tag}/${projectId}/${name}`;
    mkdirSync(path.dirname(absoluteMediaPath(mediaPath)), { recursive: true });
    writeFileSync(absoluteMediaPath(mediaPath), bytes);
    await context.client.item.create({ data: { projectId, mediaPath, mimeType: "image/png", originalName: name, sha256: `${name}-${projectId}`, sizeBytes: bytes.length, width: 1, height: 1, metadata: {} } });
  }
  return { people, projectId };
}

/** A Label Studio export with the media of every item: tens of megabytes, so it runs until read. */
const WITH_MEDIA = { format: "label-studio", include: "unresolved" };

/** An export WITH_MEDIA asked for over HTTP: its response once it starts, and a way to hang up. */
function download(server: RouteServer, projectId: string, token: string, query = "") {
  const url = `${server.origin}/api/v1/projects/${projectId}/export?${new URLSearchParams(WITH_MEDIA)}${query}`;
  const request = get(url, { agent: false, headers: { authorization: `Bearer ${token}` } });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request.on("response", (started) => resolve(started.pause()));
    request.on("error", reject);
  });
  response.catch(() => undefined); // a hung-up request's
  return { response, hangUp: () => request.destroy() };
}

const bodyOf = async (response: IncomingMessage) => Buffer.from(await new Response(Readable.toWeb(response) as ReadableStream).arrayBuffer());

describeEachDatabase("export turns", (context) => {
  let server: RouteServer;
  let people: People;
  let projectId: string;
  const ask = (name: string) => download(server, projectId, people.get(name)!.token);

  beforeEach(async () => {
    server = await serveRoute("/api/v1/projects/{projectId}/export", exportRoute);
  });
  afterEach(() => server.close());

  it("issue 19 #8: exports whose clients hang up while they wait for a turn leave the queue: a third user's export then starts at once", async () => {
    ({ people, projectId } = await setUp(context(), ["held1", "held2", "gone1", "gone2", "third"]));
    // Two exports that nobody reads hold both turns.
    const held = await Promise.all(["held1", "held2"].map(async (name) => (await exportProject(people.get(name)!.caller, projectId, WITH_MEDIA)).stream.getReader()));
    const before = exportProcesses().length;
    // Two more wait for a turn; their clients hang up.
    const gone = [ask("gone1"), ask("gone2")];
    await server.received(2);
    for (const request of gone) request.hangUp();
    await Promise.all(held.map((reader) => reader.cancel()));
    // Had the two that hung up kept their place, they would now hold both turns for five minutes, with nobody reading.
    const third = await ask("third").response;
    expect(third.statusCode).toBe(200);
    expect([...(await unzipBytes(await bodyOf(third))).values()].map(String)).toContain("png");
    await vi.waitFor(() => expect(exportProcesses()).toHaveLength(before - 2), { timeout: 10_000 });
  });

  it("issue 19 #8: an export whose client hangs up while it streams stops its process, and the next starts at once", async () => {
    const before = exportProcesses().length;
    // Both turns taken by downloads that started and are read no further; a third user's waits.
    const streaming = [ask("gone1"), ask("gone2")];
    for (const { response } of streaming) expect((await response).statusCode).toBe(200);
    const third = ask("third");
    await server.received(3);
    expect(exportProcesses()).toHaveLength(before + 2);
    for (const request of streaming) request.hangUp();
    expect((await third.response).statusCode).toBe(200);
    third.hangUp();
    await vi.waitFor(() => expect(exportProcesses()).toHaveLength(before), { timeout: 10_000 });
  });

  it("issue 19 #8: one user runs one export at a time: their second waits behind their first while another user's starts", async () => {
    const [first, second] = [people.get("held1")!.caller, people.get("held2")!.caller];
    const started: string[] = [];
    const begin = (caller: Caller, label: string) =>
      exportProject(caller, projectId, WITH_MEDIA).then(({ stream }) => {
        started.push(label);
        return stream.getReader();
      });
    const firstOwn = await begin(first, "first's own");
    const firstSecond = begin(first, "first's second");
    // The other turn is free for someone else, though the first user asked before them.
    const others = await begin(second, "another user's");
    expect(started).toEqual(["first's own", "another user's"]);
    await firstOwn.cancel();
    const secondOwn = await firstSecond;
    expect(started).toEqual(["first's own", "another user's", "first's second"]);
    await Promise.all([others.cancel(), secondOwn.cancel()]);
  });
});

// Only PostgreSQL can hold an export in its preparation: a lock on the table its split pass reads (SQLite's readers
// never wait, in write-ahead logging).
describeEachDatabase(
  "export turns, while an export is prepared",
  (context) => {
    it("issue 19 #8: an export whose client hangs up while it is being prepared stops its process: a third user's export then starts at once", async () => {
      const { people, projectId } = await setUp(context(), ["gone1", "gone2", "third"]);
      const server = await serveRoute("/api/v1/projects/{projectId}/export", exportRoute);
      const ask = (name: string) => download(server, projectId, people.get(name)!.token, "&split=80,20");
      const holder = new pg.Client({ connectionString: (context().target as { url: string }).url });
      await holder.connect();
      try {
        // The split pass reads the consensus: while another session holds its table, both exports are being prepared.
        await holder.query(`BEGIN; LOCK TABLE "ConsensusResult" IN ACCESS EXCLUSIVE MODE`);
        const before = exportProcesses().length;
        const gone = [ask("gone1"), ask("gone2")];
        await vi.waitFor(() => expect(exportProcesses()).toHaveLength(before + 2), { timeout: 20_000 });
        for (const request of gone) request.hangUp();
        await vi.waitFor(() => expect(exportProcesses()).toHaveLength(before), { timeout: 10_000 });
        await holder.query("ROLLBACK");
        const third = await ask("third").response;
        expect(third.statusCode).toBe(200);
        expect([...(await unzipBytes(await bodyOf(third))).values()].map(String)).toContain("png");
      } finally {
        await holder.end();
        await server.close();
      }
    });
  },
  "postgresql",
);
