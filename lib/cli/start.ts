// `npm start`: migrate, seed the demo on first start, build when the sources changed, then serve.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { authSecret } from "../server/auth/secret";
import { imageOrigins } from "../server/content-security-policy";
import { databaseTarget, describeTarget } from "../server/db/config";
import { db } from "../server/db/client";
import { DEMO_MODEL, demoSignIns } from "../server/demo";
import { prepareDatabase } from "../server/startup";
import { checkWholeNumberSettings } from "../server/settings";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
const BUILD_STAMP = path.join(ROOT, ".next/concord-source-hash");
const SOURCES = ["app", "components", "lib", "public", "proxy.ts", "next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];

function fail(message: string): never {
  console.error(`concord: ${message}`);
  process.exit(1);
}

function portIsFree(port: number, host?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once("error", () => resolve(false))
      .once("listening", () => probe.close(() => resolve(true)))
      .listen(port, host);
  });
}

/** A digest of everything the build depends on, so a changed checkout is rebuilt and an unchanged one is not. */
function sourceHash(): string {
  const hash = createHash("sha256");
  const visit = (entry: string) => {
    const absolute = path.join(ROOT, entry);
    // Generated clients follow from the schema; tests do not go into the build.
    if (!existsSync(absolute) || entry.startsWith(path.join("lib", "generated")) || entry.endsWith(".test.ts")) return;
    if (statSync(absolute).isDirectory()) {
      for (const child of readdirSync(absolute).sort()) visit(path.join(entry, child));
    } else {
      hash.update(entry).update(readFileSync(absolute));
    }
  };
  SOURCES.forEach(visit);
  return hash.digest("hex");
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: "inherit" });
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => child.kill(signal));
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function waitUntilUp(url: string, child: Promise<number>): Promise<boolean> {
  let exited = false;
  void child.then(() => (exited = true));
  for (let attempt = 0; attempt < 600 && !exited; attempt++) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a number from 1 to 65535; got "${process.env.PORT}".`);
  // Settings read on each request: a mistake stops the start, with its message, rather than failing every request.
  checkWholeNumberSettings();
  imageOrigins();
  const host = process.env.HOSTNAME;
  if (!(await portIsFree(port, host))) {
    fail(`port ${port} is already in use (is Concord already running?). Stop that process or choose another port: PORT=${port + 1} npm start`);
  }

  const target = databaseTarget();
  // The demo's passwords are public: seed it on a fresh SQLite install, on PostgreSQL only when asked.
  const wantDemo = process.env.CONCORD_DEMO ? process.env.CONCORD_DEMO !== "0" : target.provider === "sqlite";
  const { appliedMigrations, firstStart, demo } = await prepareDatabase(target, wantDemo);
  console.log(`Database: ${describeTarget(target)}${appliedMigrations.length ? ` (applied ${appliedMigrations.length} migration(s))` : ""}`);
  authSecret(); // creates data/nextauth-secret on first start, or says why it cannot
  if (demo) console.log(`Demo: created ${demo.createdUsers} users, ${demo.createdProjects} projects, ${demo.createdItems} items, ${demo.createdPredictions} predictions of model ${DEMO_MODEL.name} ${DEMO_MODEL.version}.`);
  const demoUsers = await demoSignIns();
  const showDemo = (await db().user.count({ where: { email: { in: demoUsers.map((user) => user.email) } } })) > 0;
  if (firstStart && !wantDemo) console.log("No users yet: create an administrator with npm run -s concord -- user add --admin --email E --password P");
  await db().$disconnect();

  const env: NodeJS.ProcessEnv = { ...process.env, NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`, NEXT_TELEMETRY_DISABLED: "1" };
  const hash = sourceHash();
  if (!existsSync(path.join(ROOT, ".next/BUILD_ID")) || (existsSync(BUILD_STAMP) ? readFileSync(BUILD_STAMP, "utf8") : "") !== hash) {
    console.log("Building Concord (first start or changed sources)…");
    if ((await run([NEXT_BIN, "build"], env)) !== 0) fail("the build failed; see the messages above.");
    writeFileSync(BUILD_STAMP, hash);
  }

  // CONCORD_SERVER_NODE_FLAGS: flags for the server's Node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/profiles" to profile it.
  const flags = process.env.CONCORD_SERVER_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  const server = run([...flags, "--import", "tsx", path.join(ROOT, "lib/cli/serve.ts")], { ...env, PORT: String(port), NODE_ENV: "production" });
  const url = `http://localhost:${port}`;
  if (await waitUntilUp(`${url}/api/v1/health`, server)) {
    console.log(`\nConcord is running at ${url}`);
    if (showDemo) {
      console.log("Demo sign-ins:");
      for (const { email, password, role } of demoUsers) console.log(`  ${role.padEnd(8)} ${email} / ${password}`);
    }
  }
  process.exit(await server);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
