// Several app instances of this checkout's build on one PostgreSQL database, behind a round-robin proxy, as a
// deployment behind a load balancer runs them (issue 20). Each instance is `npm start`'s code in a process group of
// its own, with a data directory of its own: nothing but the database (and the object store) is shared.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, request as forward, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface Instance {
  origin: string;
  log: string;
  process: ChildProcess;
}

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts `count` instances at once with `env`, and resolves when every one answers /api/v1/health. */
export async function startInstances(count: number, env: Record<string, string>): Promise<Instance[]> {
  // Each instance would build a missing or stale app itself, and builds cannot run side by side.
  if (!existsSync(path.join(ROOT, ".next/BUILD_ID"))) throw new Error("no build: run the e2e suite (its web server builds the app) or npm start once");
  const logs = mkdtempSync(path.join(tmpdir(), "concord-instances-"));
  const instances = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const port = await freePort();
      const log = path.join(logs, `instance-${index}.log`);
      const child = spawn(`exec "${process.execPath}" --import tsx lib/cli/start.ts >"${log}" 2>&1`, {
        shell: true,
        cwd: ROOT,
        env: { ...process.env, ...env, PORT: String(port), CONCORD_DATA_DIR: mkdtempSync(path.join(tmpdir(), `concord-instance-${index}-`)) },
        stdio: "ignore",
        detached: true,
      });
      return { origin: `http://localhost:${port}`, log, process: child };
    }),
  );
  await Promise.all(instances.map(waitUntilUp));
  return instances;
}

async function waitUntilUp(instance: Instance): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (instance.process.exitCode !== null) throw new Error(`an instance stopped:\n${readFileSync(instance.log, "utf8")}`);
    if (await fetch(`${instance.origin}/api/v1/health`).then((response) => response.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`an instance did not come up in 2 minutes:\n${readFileSync(instance.log, "utf8")}`);
}

export async function stopInstances(instances: Instance[]): Promise<void> {
  await Promise.all(
    instances.map(async ({ process: child }) => {
      if (child.exitCode !== null || !child.pid) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    }),
  );
}

/** A load balancer in its simplest form: each request goes to the next instance in turn, the Host header kept. */
export async function roundRobinProxy(port: number, instances: Instance[]): Promise<Server> {
  let turn = 0;
  const proxy = createServer((incoming, outgoing) => {
    const target = new URL(instances[turn++ % instances.length]!.origin);
    const upstream = forward({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.once("error", () => outgoing.writeHead(502).end());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(port, resolve));
  return proxy;
}
