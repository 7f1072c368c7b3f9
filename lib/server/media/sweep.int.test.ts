import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { fixturePath } from "@/lib/testing/fixtures";
import { describeEachDatabase } from "@/lib/testing/integration";
import { useTemporaryMediaDir } from "@/lib/testing/media-dir";
import type { Caller } from "../auth/caller";
import { importFiles, receiveMultipart } from "../imports";
import { itemFile } from "../items";
import { createProject } from "../projects";
import { createUser } from "../users";
import { absoluteMediaPath, incomingDir, incomingRoot, INCOMING_STALE_MS, mediaRoot, sha256, UNSETTLED } from "./store";
import { sweepIncoming, sweepUnreferencedMedia } from "./sweep";

useTemporaryMediaDir("concord-sweep-");

const longAgo = new Date(Date.now() - 2 * INCOMING_STALE_MS);
/** Gives a file or folder the time of a process that ended a while ago (folders last: adding to one touches it). */
const age = (...paths: string[]) => paths.forEach((file) => utimesSync(file, longAgo, longAgo));
const upload = (fixture: string) => {
  const form = new FormData();
  form.append("files", new Blob([readFileSync(fixturePath(fixture))]), path.basename(fixture));
  return receiveMultipart(new Request("http://concord.test/upload", { method: "POST", body: form }));
};

describeEachDatabase("what an import cut short leaves, swept at start (issue 19 #10)", (context) => {
  it("puts committed imports' files in place (of a process gone, or unsettled in this one), removes every other leftover, and keeps what items use or live imports hold", async () => {
    const manager: Caller = { user: await createUser({ email: `sweep@${context().target.provider}.test`, password: "password 123", isAdmin: true }), via: "session" };
    const projectId = (await createProject(manager, { name: "Sweep", mediaKind: "image", tasks: [{ key: "b", type: "bbox", classes: ["x"] }] })).id;
    const received = await upload("images/coffee.png");
    const kept = await importFiles(manager, projectId, received.files, null, "upload");
    const projectDir = path.join(mediaRoot(), projectId);
    const stored = readdirSync(projectDir).sort();
    expect(stored).toHaveLength(2); // the image and its thumbnail

    // An import of an earlier version killed after storing its files and before its items committed.
    const orphan = sha256(readFileSync(fixturePath("images/chelsea.png")));
    copyFileSync(fixturePath("images/chelsea.png"), path.join(projectDir, `${orphan}.png`));
    writeFileSync(path.join(projectDir, `${orphan}.thumb.webp`), "thumbnail");
    age(path.join(projectDir, `${orphan}.png`), path.join(projectDir, `${orphan}.thumb.webp`));
    // The same, but moments ago: an older instance may still be committing it.
    const recent = sha256(readFileSync(fixturePath("images/astronaut.png")));
    copyFileSync(fixturePath("images/astronaut.png"), path.join(projectDir, `${recent}.png`));
    // An earlier sweep stopped after setting aside a file an item uses.
    const coffee = await context().client.item.findUniqueOrThrow({ where: { id: kept.created[0]!.id } });
    const coffeeFile = path.join(mediaRoot(), coffee.mediaPath);
    renameSync(coffeeFile, `${coffeeFile}.swept-${randomUUID()}`);

    // A process killed mid-import: an upload received, an import staged before its commit, and one staged after it.
    const dead = path.join(incomingRoot(), randomUUID());
    mkdirSync(dead, { recursive: true });
    writeFileSync(path.join(dead, randomUUID()), "half an upload");
    const uncommitted = path.join(dead, randomUUID());
    mkdirSync(uncommitted);
    copyFileSync(fixturePath("bad/truncated.jpg"), path.join(uncommitted, `${sha256(readFileSync(fixturePath("bad/truncated.jpg")))}.jpg`));
    const committedBatch = randomUUID();
    const committed = path.join(dead, committedBatch);
    mkdirSync(committed);
    const hubble = sha256(readFileSync(fixturePath("images/hubble_deep_field.jpg")));
    copyFileSync(fixturePath("images/hubble_deep_field.jpg"), path.join(committed, `${hubble}.jpg`));
    writeFileSync(path.join(committed, `${hubble}.thumb.webp`), "thumbnail");
    await context().client.importBatch.create({ data: { id: committedBatch, projectId, channel: "upload", files: [], itemCount: 1 } });
    const hubbleItem = await context().client.item.create({
      data: { projectId, importBatchId: committedBatch, mediaPath: `${projectId}/${hubble}.jpg`, mimeType: "image/jpeg", originalName: "hubble.jpg", sha256: hubble, sizeBytes: 1, metadata: {} },
    });
    age(...readdirSync(dead).map((entry) => path.join(dead, entry)), dead);
    // An import of this process whose commit the database could not confirm (marked unsettled), which had committed.
    const rocket = sha256(readFileSync(fixturePath("images/rocket.jpg")));
    const unsettledBatch = randomUUID();
    const unsettled = path.join(incomingDir(), `${unsettledBatch}${UNSETTLED}`);
    mkdirSync(unsettled, { recursive: true });
    copyFileSync(fixturePath("images/rocket.jpg"), path.join(unsettled, `${rocket}.jpg`));
    await context().client.importBatch.create({ data: { id: unsettledBatch, projectId, channel: "upload", files: [], itemCount: 1 } });
    await context().client.item.create({
      data: { projectId, importBatchId: unsettledBatch, mediaPath: `${projectId}/${rocket}.jpg`, mimeType: "image/jpeg", originalName: "rocket.jpg", sha256: rocket, sizeBytes: 1, metadata: {} },
    });
    // A loose upload of an earlier version, and this process's own upload under way.
    const loose = path.join(incomingRoot(), randomUUID());
    writeFileSync(loose, "earlier version");
    age(loose);
    const live = await upload("images/rocket.jpg");

    expect(await sweepIncoming()).toBe(3);
    expect(await sweepUnreferencedMedia()).toBe(2);

    expect(readdirSync(incomingRoot())).toEqual([path.basename(incomingDir())]);
    expect(readdirSync(incomingDir())).toEqual([path.basename(live.files[0]!.path)]);
    rmSync(live.files[0]!.path);
    expect(readdirSync(projectDir).sort()).toEqual([...stored, `${hubble}.jpg`, `${hubble}.thumb.webp`, `${recent}.png`, `${rocket}.jpg`].sort());
    // The committed import's item serves its media now.
    expect(readFileSync(absoluteMediaPath((await itemFile(manager, hubbleItem.id, "media")).key)).equals(readFileSync(fixturePath("images/hubble_deep_field.jpg")))).toBe(true);
    expect(existsSync(absoluteMediaPath((await itemFile(manager, coffee.id, "media")).key))).toBe(true);
  });
});
