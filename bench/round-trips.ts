// Statements per step of the labeling loop: how many queries a lease, a submission and the submission that completes
// an item send to the database, counted from Prisma's query events, with the statements themselves under --verbose.
// Each is a round trip on PostgreSQL (and a prepared statement on SQLite).
//   npx tsx bench/round-trips.ts [--verbose]                                    (SQLite in a temporary directory)
//   BENCH_DATABASE_URL=postgresql://… npx tsx bench/round-trips.ts [--verbose]  (an empty PostgreSQL database, kept)
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { verbose: { type: "boolean", default: false } } });
const workDir = await mkdtemp(path.join(tmpdir(), "concord-bench-trips-"));
process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "";
process.env.CONCORD_DATA_DIR = workDir;

const { PrismaClient: SqliteClient } = await import("../lib/generated/prisma-sqlite/client");
const { PrismaClient: PostgresClient } = await import("../lib/generated/prisma-postgresql/client");
const { adapterFactory } = await import("../lib/server/db/adapter");
const { databaseTarget, describeTarget } = await import("../lib/server/db/config");
const { setDb } = await import("../lib/server/db/client");
const { applyMigrations } = await import("../lib/server/db/migrations");
const { submitAnnotation } = await import("../lib/server/annotations");
const { nextAssignment } = await import("../lib/server/assignments");
const { backgroundSettled } = await import("../lib/server/background");
const { addMember, createProject } = await import("../lib/server/projects");
const { createUser } = await import("../lib/server/users");
type Caller = import("../lib/server/auth/caller").Caller;
type Db = import("../lib/server/db/client").Db;

const target = databaseTarget();
await applyMigrations(target);
// The app's client, with every statement reported.
const options = { adapter: adapterFactory(target), omit: { user: { passwordHash: true as const } }, log: [{ level: "query" as const, emit: "event" as const }] };
const client = (target.provider === "sqlite" ? new SqliteClient(options) : new PostgresClient(options)) as unknown as Db & {
  $on(event: "query", listener: (event: { query: string }) => void): void;
};
let statements: string[] = [];
client.$on("query", (event) => statements.push(event.query));
setDb(client, target);

const admin: Caller = { user: await createUser({ email: "admin@trips.test", password: "password 123", isAdmin: true }), via: "session" };
const { id: projectId } = await createProject(admin, { name: "Trips", mediaKind: "image", overlap: 2, tasks: [{ key: "defect", type: "classification", classes: ["ok", "scratch"] }] });
await client.item.createMany({
  data: Array.from({ length: 20 }, (_, index) => ({ projectId, mediaPath: `x/${index}.png`, mimeType: "image/png", originalName: `${index}.png`, sha256: `trips-${index}`, sizeBytes: 1, width: 10, height: 10, metadata: {} })),
});
const labelers: Caller[] = [];
for (const name of ["first", "second"]) {
  const user = await createUser({ email: `${name}@trips.test`, password: "password 123" });
  await addMember(admin, projectId, { email: user.email, role: "labeler" });
  labelers.push({ user, via: "token" });
}
const [first, second] = labelers as [Caller, Caller];
const answer = [{ task: "defect", type: "classification", values: ["ok"] }];

/** Runs a step and prints how many statements it sent. */
async function counted<T>(step: string, run: () => Promise<T>): Promise<T> {
  await backgroundSettled();
  statements = [];
  const result = await run();
  const sent = statements;
  console.log(`${step.padEnd(44)} ${String(sent.length).padStart(3)} statements`);
  if (values.verbose) for (const statement of sent) console.log(`    ${statement.replace(/\s+/g, " ").slice(0, 160)}`);
  return result;
}

console.log(describeTarget(target));
// Warm-up: the first calls read settings that later calls find cached.
for (const labeler of labelers) {
  const lease = await nextAssignment(labeler, projectId);
  await submitAnnotation(labeler, lease!.assignment.id, { result: answer, activeMs: 1000 }, null);
}
const lease = await counted("next (a fresh item)", () => nextAssignment(first, projectId));
await counted("submit (the item's first label)", () => submitAnnotation(first, lease!.assignment.id, { result: answer, activeMs: 1000 }, null));
const started = await counted("next (the started item)", () => nextAssignment(second, projectId));
await counted("submit (its last label: judged and accepted)", () => submitAnnotation(second, started!.assignment.id, { result: answer, activeMs: 1000 }, null));

await backgroundSettled();
await client.$disconnect();
await rm(workDir, { recursive: true, force: true });
