import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachMediaStore, refuseS3Requests } from "@/lib/testing/media-stores";
import { withSettings } from "@/lib/testing/settings";
import { S3Storage } from "./s3-storage";
import { checkedKey, MediaMissing, parseMediaUrl, type MediaStorage } from "./storage";
import { mediaStorage } from "./store";

const hash = (letter: string) => letter.repeat(64);

it("reads CONCORD_MEDIA_URL and the SDK's variables, path-style by default only with an endpoint (issue 20 media storage)", async () => {
  expect(parseMediaUrl("s3://media/concord/prod/")).toEqual({ bucket: "media", prefix: "concord/prod" });
  expect(parseMediaUrl("s3://media")).toEqual({ bucket: "media", prefix: "" });
  expect(() => parseMediaUrl("/srv/media")).toThrow(/^CONCORD_MEDIA_URL must be s3:\/\/bucket/);
  const aws = S3Storage.settings({ bucket: "b", prefix: "" }, { AWS_REGION: "eu-west-1" });
  expect([aws.endpoint, aws.region, aws.forcePathStyle, aws.credentials]).toEqual([null, "eu-west-1", false, null]);
  const minio = S3Storage.settings({ bucket: "b", prefix: "" }, { AWS_ENDPOINT_URL: "http://minio:9000", AWS_ACCESS_KEY_ID: "k", AWS_SECRET_ACCESS_KEY: "s" });
  expect([minio.endpoint, minio.region, minio.forcePathStyle, minio.credentials]).toEqual(["http://minio:9000", "us-east-1", true, { accessKeyId: "k", secretAccessKey: "s" }]);
  expect(S3Storage.settings({ bucket: "b", prefix: "" }, { AWS_ENDPOINT_URL: "https://x.r2.cloudflarestorage.com", CONCORD_S3_FORCE_PATH_STYLE: "0" }).forcePathStyle).toBe(false);
  expect(() => S3Storage.settings({ bucket: "b", prefix: "" }, { CONCORD_S3_FORCE_PATH_STYLE: "yes" })).toThrow(/^CONCORD_S3_FORCE_PATH_STYLE must be 1 or 0/);
  // A store nobody answers for fails its check (what a health check asks).
  await withSettings({ CONCORD_MEDIA_URL: "s3://media/x", AWS_ENDPOINT_URL: "http://127.0.0.1:1", AWS_ACCESS_KEY_ID: "k", AWS_SECRET_ACCESS_KEY: "s" }, async () => {
    const unreachable = await mediaStorage();
    expect(unreachable.location).toBe("s3://media/x");
    await expect(unreachable.check()).rejects.toThrow(/ECONNREFUSED/);
  });
  expect(() => checkedKey("p/../../etc/passwd")).toThrow(/outside the media store/);
});

describeEachMediaStore("a media store driver (issue 20 media storage)", (store) => {
  let work: string;
  const project = randomUUID();
  const local = (name: string, content: string) => {
    const file = path.join(work, name);
    writeFileSync(file, content);
    return file;
  };
  const read = async (storage: MediaStorage, key: string, range?: { start: number; end: number }) => {
    const opened = await storage.open(key, range && (() => range));
    return { size: opened.size, range: opened.range, text: opened.body ? await text(opened.body) : "" };
  };
  const listed = async (storage: MediaStorage, projectId = project) => {
    const names: string[] = [];
    for await (const file of storage.files(projectId)) names.push(file.name);
    return names.sort();
  };

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), "concord-storage-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("puts files, opens them whole or a range of them, and says what is missing", async () => {
    const { storage } = store();
    await storage.check();
    const key = `${project}/${hash("a")}.txt`;
    await storage.put(key, local("a.txt", "0123456789"));
    await storage.put(`${project}/${hash("b")}.txt`, local("empty.txt", ""));
    expect(await read(storage, key)).toEqual({ size: 10, range: null, text: "0123456789" });
    expect(await read(storage, key, { start: 2, end: 4 })).toEqual({ size: 10, range: { start: 2, end: 4 }, text: "234" });
    expect(await read(storage, `${project}/${hash("b")}.txt`)).toEqual({ size: 0, range: null, text: "" });
    expect(await storage.size(key)).toBe(10);
    expect(await storage.size(`${project}/${hash("c")}.txt`)).toBeNull();
    await expect(storage.open(`${project}/${hash("c")}.txt`)).rejects.toThrow(MediaMissing);
    await expect(storage.open("../outside")).rejects.toThrow(/outside the media store/);
    const projects: string[] = [];
    for await (const name of storage.projects()) projects.push(name);
    expect(projects).toContain(project);
    expect(await listed(storage)).toEqual([`${hash("a")}.txt`, `${hash("b")}.txt`]);
  });

  it("sets a file aside and puts it back or removes it", async () => {
    const { storage } = store();
    const key = `${project}/${hash("a")}.txt`;
    const aside = await storage.setAside(key);
    expect(await storage.size(key)).toBeNull();
    await storage.restore(aside);
    expect(await read(storage, key)).toMatchObject({ text: "0123456789" });
    await storage.remove(await storage.setAside(key));
    await storage.remove(`${project}/${hash("b")}.txt`);
    expect(await listed(storage)).toEqual([]);
  });

  it("stages an import's files, and settles them into the project's folder only when its batch committed", async () => {
    const { storage } = store();
    const staged = (batch: string) => {
      const dir = path.join(work, batch);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      for (const letter of ["d", "e"]) writeFileSync(path.join(dir, `${hash(letter)}.txt`), letter);
      return dir;
    };
    const committedBatch = randomUUID();
    const dir = staged(committedBatch);
    await storage.stage(committedBatch, project, dir);
    // Staged, but nothing at the items' keys until the rows commit.
    expect(await listed(storage)).toEqual([]);
    await storage.settle(committedBatch, { projectId: project, hashes: new Set([hash("d")]) }, dir);
    expect(await listed(storage)).toEqual([`${hash("d")}.txt`]);

    const failedBatch = randomUUID();
    const failedDir = staged(failedBatch);
    await storage.stage(failedBatch, project, failedDir);
    await storage.settle(failedBatch, null, failedDir);
    expect(await listed(storage)).toEqual([`${hash("d")}.txt`]);
    const batches: string[] = [];
    for await (const { batchId } of storage.stagedBatches()) batches.push(batchId);
    expect(batches).toEqual([]);
  });

  it("leaves nothing of a batch in the store when one of its uploads fails", async () => {
    const { name, storage } = store();
    if (name !== "s3") return; // the local store uploads nothing: its files stay staged on the same disk
    const batch = randomUUID();
    const dir = path.join(work, batch);
    mkdirSync(dir);
    for (const letter of ["f", "g", "h", "i", "j"]) writeFileSync(path.join(dir, `${hash(letter)}.txt`), letter);
    let uploads = 0;
    const undo = refuseS3Requests(storage, (command) => command === "PutObjectCommand" && ++uploads === 3);
    try {
      await expect(storage.stage(batch, project, dir)).rejects.toThrow(/Access Denied/);
    } finally {
      undo();
    }
    const batches: string[] = [];
    for await (const { batchId } of storage.stagedBatches()) batches.push(batchId);
    expect(batches).toEqual([]);
  });
});
