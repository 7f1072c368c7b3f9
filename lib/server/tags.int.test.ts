import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import * as fromMetadataRoute from "@/app/api/v1/projects/[projectId]/tags/from-metadata/route";
import { apiClient, expectJson } from "@/lib/testing/api";
import { fixturePath } from "@/lib/testing/fixtures";
import { describeEachDatabase } from "@/lib/testing/integration";
import { useTemporaryMediaDir } from "@/lib/testing/media-dir";
import { createApiToken } from "./api-tokens";
import type { Caller } from "./auth/caller";
import { backgroundSettled } from "./background";
import { importFiles, receiveMultipart } from "./imports";
import { listItems } from "./items";
import { addMember, createProject } from "./projects";
import { addItemTags, listTags } from "./tags";
import { createUser } from "./users";

useTemporaryMediaDir("concord-tags-");

async function upload(files: string[], manifest: { name: string; text: string }) {
  const form = new FormData();
  for (const file of files) form.append("files", new Blob([readFileSync(fixturePath(`images/${file}`))]), file);
  form.append("manifest", new Blob([manifest.text]), manifest.name);
  return receiveMultipart(new Request("http://concord.test/upload", { method: "POST", body: form }));
}

describeEachDatabase("tags from imports and metadata (issue 22)", (context) => {
  const tag = () => context().target.provider;
  let manager: Caller;

  /** The project's item tags: item name, tag and where it came from, in that order. */
  async function itemTagRows(projectId: string) {
    const rows = await context().client.itemTag.findMany({ where: { tag: { projectId } }, select: { source: true, tag: { select: { name: true } }, item: { select: { originalName: true } } } });
    return rows.map((row) => [row.item.originalName, row.tag.name, row.source]).sort((a, b) => a.join().localeCompare(b.join()));
  }

  it("tags uploaded items with the manifest's tags (source import), new items and those already here alike, and refuses a row whose tags are no tag names", async () => {
    manager = { user: await createUser({ email: `tags@${tag()}.test`, password: "password 123", isAdmin: true }), via: "session" };
    const projectId = (await createProject(manager, { name: "Tagged photos", mediaKind: "image", tasks: [{ key: "kind", type: "classification", classes: ["a", "b"] }] })).id;
    const csv = { name: "m.csv", text: 'file,camera,tags\ncoffee.png,north,indoor;kitchen\nchelsea.png,south,indoor\nastronaut.png,south,"bad\u0007tag"\n' };
    const first = await importFiles(manager, projectId, (await upload(["coffee.png", "chelsea.png", "astronaut.png"], csv)).files, (await upload([], csv)).manifest, "upload");
    expect(first.created.map((item) => item.name).sort()).toEqual(["astronaut.png", "chelsea.png", "coffee.png"]);
    // The row is refused whole (its metadata too); the file still comes in.
    expect(first.rejected).toEqual([{ name: "astronaut.png", reason: 'manifest row 4: tag "bad\\u0007tag": a tag cannot hold control characters' }]);
    expect(first.tags).toEqual([
      { name: "indoor", items: 2 },
      { name: "kitchen", items: 1 },
    ]);
    // The same file again (a duplicate) with a JSON manifest: the new tag is added, the one it has is not counted twice.
    const json = { name: "m.json", text: JSON.stringify([{ file: "coffee.png", tags: ["indoor", "mug"] }]) };
    const again = await importFiles(manager, projectId, (await upload(["coffee.png"], json)).files, (await upload([], json)).manifest, "upload");
    expect(again.duplicates.map((item) => item.name)).toEqual(["coffee.png"]);
    expect(again.tags).toEqual([
      { name: "indoor", items: 0 },
      { name: "mug", items: 1 },
    ]);
    expect(await listTags(manager, projectId)).toEqual([
      { name: "indoor", description: "", items: 2 },
      { name: "kitchen", description: "", items: 1 },
      { name: "mug", description: "", items: 1 },
    ]);
    // The item list gives each item its tags, and filters by one.
    const listed = await listItems(manager, projectId, new URLSearchParams({ tag: "indoor" }));
    expect(listed.items.map((item) => [item.originalName, item.tags]).sort()).toEqual([
      ["chelsea.png", ["indoor"]],
      ["coffee.png", ["indoor", "kitchen", "mug"]],
    ]);
    expect(await itemTagRows(projectId)).toEqual([
      ["chelsea.png", "indoor", "import"],
      ["coffee.png", "indoor", "import"],
      ["coffee.png", "kitchen", "import"],
      ["coffee.png", "mug", "import"],
    ]);
  });

  it("tags every item whose metadata value matches, as a job over pages of items (202), keeping counts right and adding nothing twice when run again", async () => {
    const projectId = (await createProject(manager, { name: "Voice", mediaKind: "audio", tasks: [{ key: "intent", type: "classification", classes: ["a", "b"] }] })).id;
    const reviewer: Caller = { user: await createUser({ email: `sme@${tag()}.tags`, password: "password 123" }), via: "session" };
    const labeler: Caller = { user: await createUser({ email: `lab@${tag()}.tags`, password: "password 123" }), via: "session" };
    await addMember(manager, projectId, { email: reviewer.user.email, role: "reviewer" });
    await addMember(manager, projectId, { email: labeler.user.email, role: "labeler" });
    // 2,500 items, more than two of the job's pages: every third recorded in a car, some with a number as the value.
    const devices = (index: number) => (index % 3 === 0 ? "car" : index % 3 === 1 ? "phone" : 3);
    await context().client.item.createMany({
      data: Array.from({ length: 2500 }, (_, index) => ({
        projectId, mediaPath: `v/${index}.wav`, mimeType: "audio/wav", originalName: `${index}.wav`, sha256: `tags-${tag()}-${index}`, sizeBytes: 1, durationMs: 1000, metadata: { device: devices(index) },
      })),
    });
    const firstCar = await context().client.item.findFirstOrThrow({ where: { projectId, originalName: "0.wav" }, select: { id: true } });
    await addItemTags(reviewer, firstCar.id, { tags: ["car noise"] }); // tagged by hand before: stays the reviewer's

    const call = (caller: Caller) => async (body: unknown) => {
      const api = apiClient((await createApiToken(caller, { name: "tags" })).token);
      return api(fromMetadataRoute.POST, { projectId }, `/projects/${projectId}/tags/from-metadata`, { method: "POST", body: JSON.stringify(body) });
    };
    const started = await expectJson(await (await call(reviewer))({ key: "device", value: "car", tag: " car   noise " }), 202);
    expect(started).toEqual({ status: "queued", key: "device", value: "car", tag: "car noise" });
    await backgroundSettled();
    const cars = Math.ceil(2500 / 3);
    expect((await listTags(manager, projectId)).find((each) => each.name === "car noise")).toEqual({ name: "car noise", description: "", items: cars });
    const sources = await context().client.itemTag.groupBy({ by: ["source"], where: { tag: { projectId, name: "car noise" } }, _count: true, orderBy: { source: "asc" } });
    expect(sources.map((row) => [row.source, row._count])).toEqual([
      ["manual", 1],
      ["metadata", cars - 1],
    ]);

    // Again: nothing is added twice. A number matches a number, never its text.
    await expectJson(await (await call(manager))({ key: "device", value: "car", tag: "car noise" }), 202);
    await expectJson(await (await call(manager))({ key: "device", value: 3, tag: "three" }), 202);
    await expectJson(await (await call(manager))({ key: "device", value: "3", tag: "three as text" }), 202);
    await backgroundSettled();
    expect((await listTags(manager, projectId)).map((each) => [each.name, each.items])).toEqual([
      ["car noise", cars],
      ["three", Math.floor(2500 / 3)],
      ["three as text", 0],
    ]);
    expect(await context().client.itemTag.count({ where: { tag: { projectId, name: "car noise" } } })).toBe(cars);

    const refused = await (await call(labeler))({ key: "device", value: "car", tag: "x" });
    expect(refused.status).toBe(403);
    const bad = await expectJson<{ error: { message: string } }>(await (await call(manager))({ key: "", value: { nested: 1 }, tag: "x" }), 400);
    expect(bad.error.message).toMatch(/key/);
  });
});
