import { expect, it } from "vitest";
import sharp from "sharp";
import { GET as media } from "@/app/api/v1/items/[itemId]/media/route";
import { POST as importRoute } from "@/app/api/v1/projects/[projectId]/imports/route";
import { apiClient } from "@/lib/testing/api";
import { describeEachDatabase } from "@/lib/testing/integration";
import { describeEachMediaStore } from "@/lib/testing/media-stores";
import { createApiToken } from "./api-tokens";
import { createProject } from "./projects";
import { createUser } from "./users";

/** Forty small, different PNGs: each its own content, so each its own item. */
async function distinctImages(count: number): Promise<{ name: string; bytes: Buffer }[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => ({
      name: `photo-${index}.png`,
      bytes: await sharp({ create: { width: 24, height: 16, channels: 3, background: { r: index * 6, g: 255 - index * 6, b: 128 } } }).png().toBuffer(),
    })),
  );
}

describeEachDatabase("concurrent imports of the same files (issue 19 #2; issue 20 media storage)", (context) => describeEachMediaStore("into the store", (store) => {
  it("both answer with what they did, the one that lost the race reports duplicates, and every item's media still serves", async () => {
    const user = await createUser({ email: `race-${store().name}@${context().target.provider}.test`, password: "password 123", isAdmin: true });
    const call = apiClient((await createApiToken({ user, via: "session" }, { name: "race" })).token);
    const project = await createProject({ user, via: "token" }, { name: "Race", mediaKind: "image", tasks: [{ key: "b", type: "bbox", classes: ["x"] }] });
    const images = await distinctImages(40);
    const importAll = () => {
      const form = new FormData();
      for (const { name, bytes } of images) form.append("files", new Blob([new Uint8Array(bytes)]), name);
      return call(importRoute, { projectId: project.id }, `/projects/${project.id}/imports`, { method: "POST", body: form });
    };

    const responses = await Promise.all([importAll(), importAll()]);
    const bodies = await Promise.all(responses.map(async (response) => ({ status: response.status, body: (await response.json()) as { created: { id: string; name: string }[]; duplicates: { name: string; itemId: string }[]; rejected: unknown[] } })));
    for (const { status } of bodies) expect([200, 201]).toContain(status);
    // Every file became one item, created by one import and reported as a duplicate of that item by the other.
    const created = bodies.flatMap(({ body }) => body.created);
    expect(created.map((item) => item.name).sort()).toEqual(images.map((image) => image.name).sort());
    const createdIds = new Map(created.map((item) => [item.name, item.id]));
    const duplicates = bodies.flatMap(({ body }) => body.duplicates);
    expect(duplicates.sort((a, b) => a.name.localeCompare(b.name))).toEqual(images.map(({ name }) => ({ name, itemId: createdIds.get(name) })).sort((a, b) => a.name.localeCompare(b.name)));
    expect(bodies.flatMap(({ body }) => body.rejected)).toEqual([]);

    const items = await context().client.item.findMany({ where: { projectId: project.id }, select: { id: true, sha256: true } });
    expect(items).toHaveLength(images.length);
    for (const item of items) {
      const response = await call(media, { itemId: item.id }, `/items/${item.id}/media`);
      expect(response.status, `media of item ${item.id}`).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });
}));
