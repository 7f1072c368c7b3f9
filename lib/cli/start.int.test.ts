import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "concord-start-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "lib/cli/start.ts")], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stderr: result.stderr };
}

async function listenAnywhere(): Promise<Server> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return server;
}

async function occupiedPort(): Promise<number> {
  const server = await listenAnywhere();
  cleanups.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<string> {
  const server = await listenAnywhere();
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return String(port);
}

describe("npm start refuses bad conditions before touching anything", () => {
  it("a port already in use: one message that names a way out, and no database written", async () => {
    const port = await occupiedPort();
    const data = dataDir();
    const result = start({ PORT: String(port), CONCORD_DATA_DIR: data, DATABASE_URL: "" });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `concord: port ${port} is already in use (is Concord already running?). Stop that process or choose another port: PORT=${port + 1} npm start\n`,
    );
    expect(readdirSync(data)).toEqual([]);
  });

  it("a DATABASE_URL that cannot connect: one message naming the server, no secret generated", async () => {
    const data = dataDir();
    const result = start({ PORT: await freePort(), CONCORD_DATA_DIR: data, DATABASE_URL: "postgresql://concord:pw@127.0.0.1:1/concord" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^concord: Cannot use the database: PostgreSQL at 127\.0\.0\.1:1\/concord( \(ECONNREFUSED\))?: .*Check that the server is running/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(path.join(data, "nextauth-secret"))).toBe(false);
  });

  it.each([
    ["CONCORD_MAX_JSON_BYTES", "#11", "5MB", 'concord: CONCORD_MAX_JSON_BYTES must be a whole number of bytes; got "5MB"\n'],
    ["CONCORD_MAX_UPLOAD_BYTES", "#settings", "1GB", 'concord: CONCORD_MAX_UPLOAD_BYTES must be a whole number of bytes; got "1GB"\n'],
    ["CONCORD_IMAGE_ORIGINS", "#19", "https://wiki.example.com/images", 'concord: CONCORD_IMAGE_ORIGINS: "https://wiki.example.com/images" is not an origin such as https://wiki.example.com\n'],
  ])("a bad %s (issue 19 %s): its message, and nothing written", async (name, _item, value, message) => {
    const data = dataDir();
    const result = start({ PORT: await freePort(), CONCORD_DATA_DIR: data, DATABASE_URL: "", [name]: value });
    expect(result).toEqual({ code: 1, stderr: message });
    expect(readdirSync(data)).toEqual([]);
  });

  it("an unsupported DATABASE_URL scheme", async () => {
    const result = start({ PORT: await freePort(), CONCORD_DATA_DIR: dataDir(), DATABASE_URL: "mysql://x/y" });
    expect(result).toEqual({ code: 1, stderr: 'concord: DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got "mysql:…"\n' });
  });
});
