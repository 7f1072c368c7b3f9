import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { failure } from "@/lib/testing/failure";
import { fixturePath } from "@/lib/testing/fixtures";
import { describeEachDatabase } from "@/lib/testing/integration";
import { useTemporaryMediaDir } from "@/lib/testing/media-dir";
import { itemAnnotations } from "./annotations";
import type { Caller } from "./auth/caller";
import { importFiles, receiveMultipart } from "./imports";
import type { LabelsOwner } from "./dataset-labels-import";
import { addMember, createProject } from "./projects";
import { itemReview } from "./review";
import { createUser } from "./users";

useTemporaryMediaDir("concord-dataset-labels-");

/** Sends images of the fixtures and label files (name → text) as one import request's parts. */
async function importWith(caller: Caller, projectId: string, images: string[], labels: Record<string, string>, owner: LabelsOwner) {
  const form = new FormData();
  for (const file of images) form.append("files", new Blob([readFileSync(fixturePath(`images/${file}`))]), file);
  for (const [name, text] of Object.entries(labels)) form.append("labels", new Blob([text]), name);
  const upload = await receiveMultipart(new Request("http://concord.test/upload", { method: "POST", body: form }));
  return importFiles(caller, projectId, upload.files, null, "upload", null, { labels: upload.labels, labelsOwner: owner });
}

// A COCO annotations file as pycocotools reads it: images with folders in file_name, xywh boxes, a polygon segmentation.
const coco = JSON.stringify({
  info: { description: "mugs and cats" },
  images: [
    { id: 1, file_name: "val/coffee.png", width: 600, height: 400 },
    { id: 2, file_name: "val/chelsea.png", width: 451, height: 300 },
    { id: 3, file_name: "val/missing.png", width: 100, height: 100 },
    { id: 4, file_name: "val/hubble_deep_field.jpg", width: 1000, height: 872 },
  ],
  annotations: [
    { id: 1, image_id: 1, category_id: 1, bbox: [100, 50, 200, 150], area: 30000, iscrowd: 0 },
    { id: 2, image_id: 2, category_id: 2, bbox: [10, 20, 700, 100], area: 70000, iscrowd: 0 }, // past the right edge: clipped
    { id: 3, image_id: 2, category_id: 3, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 },
    { id: 4, image_id: 3, category_id: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 },
    { id: 5, image_id: 4, category_id: 3, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 }, // its only label left out
  ],
  categories: [
    { id: 1, name: "mug" },
    { id: 2, name: "cat" },
    { id: 3, name: "dog" },
  ],
});
const cocoCoffee = [{ task: "things", type: "bbox", label: "mug", x: 100, y: 50, width: 200, height: 150 }];
const cocoChelsea = [{ task: "things", type: "bbox", label: "cat", x: 10, y: 20, width: 441, height: 100 }];

describeEachDatabase("Label imports from COCO, YOLO and CVAT datasets (issue 21)", (context) => {
  const tag = () => context().target.provider;
  let manager: Caller;
  let lea: { id: string; email: string };
  let projectId: string;
  const countBatches = () => context().client.importBatch.count({ where: { projectId } });

  it("imports images with a COCO file as a labeler's annotations, never replacing their submission, and says what it left out", async () => {
    manager = { user: await createUser({ email: `boss@${tag()}.labels`, password: "password 123", isAdmin: true }), via: "session" };
    lea = await createUser({ email: `lea@${tag()}.labels`, name: "Lea", password: "password 123" });
    projectId = (
      await createProject(manager, {
        name: "Datasets",
        mediaKind: "image",
        overlap: 2,
        tasks: [
          { key: "scene", type: "classification", classes: ["indoor", "outdoor"] },
          { key: "things", type: "bbox", classes: ["mug", "cat", "rocket"] },
        ],
      })
    ).id;
    await addMember(manager, projectId, { email: lea.email, role: "labeler" });

    const result = await importWith(manager, projectId, ["coffee.png", "chelsea.png", "hubble_deep_field.jpg"], { "instances_val.json": coco }, { labelsBy: lea.email });
    expect(result.created.map((item) => item.name).sort()).toEqual(["chelsea.png", "coffee.png", "hubble_deep_field.jpg"]);
    expect(await itemAnnotations(manager, result.created.find((item) => item.name === "hubble_deep_field.jpg")!.id)).toEqual([]);
    expect(result.labels).toEqual({
      format: "coco",
      annotations: 2,
      goldLabels: 0,
      problems: [
        'instances_val.json: chelsea.png, annotation 3: class "dog" is in no box task of the project; left out',
        'instances_val.json: hubble_deep_field.jpg, annotation 5: class "dog" is in no box task of the project; left out',
        "instances_val.json: missing.png: no uploaded file and no single item of the project has this name, so its labels were left out",
        "instances_val.json: hubble_deep_field.jpg: every label of it was left out, so it was not imported as an image with nothing in it",
      ],
    });
    const idOf = (name: string) => result.created.find((item) => item.name === name)!.id;
    for (const [name, expected] of [["coffee.png", cocoCoffee], ["chelsea.png", cocoChelsea]] as const) {
      const [annotation, ...others] = await itemAnnotations(manager, idOf(name));
      expect(others).toEqual([]);
      expect(annotation!.labeler.email).toBe(lea.email);
      expect(annotation!.result).toEqual(expected);
      expect(annotation!.client).toMatchObject({ importedFrom: "coco", importBatchId: result.batchId, labelFile: "instances_val.json" });
    }

    // Again, without the images: onto the items of those names, where Lea's annotations stay as they are.
    const again = await importWith(manager, projectId, [], { "instances_val.json": coco }, { labelsBy: lea.email });
    expect(again.labels!.annotations).toBe(0);
    expect(again.labels!.problems).toContain(`instances_val.json: coffee.png: ${lea.email} has already labeled or skipped this item; their label in Concord was kept`);
    expect(await itemAnnotations(manager, idOf("coffee.png"))).toHaveLength(1);
  });

  it("imports a COCO file as gold labels onto the project's items, and keeps a decision already made", async () => {
    const result = await importWith(manager, projectId, [], { "instances_val.json": coco }, { labelsAs: "gold" });
    expect(result.labels).toMatchObject({ format: "coco", annotations: 0, goldLabels: 2 });
    const items = await context().client.item.findMany({ where: { projectId }, select: { id: true, originalName: true } });
    const coffee = items.find((item) => item.originalName === "coffee.png")!.id;
    const review = (await itemReview(manager, coffee)) as { gold: unknown; decisions: { reason: string; reviewer: { id: string } }[] };
    expect(review.gold).toEqual(cocoCoffee);
    expect(review.decisions[0]).toMatchObject({ reason: `Gold label imported from COCO (instances_val.json, coffee.png, import ${result.batchId})`, reviewer: { id: manager.user.id } });

    const again = await importWith(manager, projectId, [], { "instances_val.json": coco }, { labelsAs: "gold" });
    expect(again.labels!.goldLabels).toBe(0);
    expect(again.labels!.problems).toContain("instances_val.json: coffee.png: the item already has a reviewer's decision, which was kept; the gold label was not imported");
  });

  it("imports YOLO label files with their data.yaml, in pixels of the item's size", async () => {
    const dataYaml = "path: ../datasets/mugs\ntrain: images/train\nval: images/val\nnames:\n  0: mug\n  1: cat\n  2: rocket\n";
    const result = await importWith(manager, projectId, ["astronaut.png"], { "data.yaml": dataYaml, "astronaut.txt": "1 0.5 0.5 0.25 0.5\n7 0.1 0.1 0.1 0.1\n", "rocket.txt": "2 0.5 0.5 0.5 0.5\n" }, { labelsBy: lea.email });
    expect(result.labels).toEqual({
      format: "yolo",
      annotations: 1,
      goldLabels: 0,
      problems: expect.arrayContaining([
        "astronaut.txt, line 2: class 7 has no name (the names list 3)",
        "rocket.txt: no uploaded image and no single item of the project is named rocket with an image extension, so its labels were left out",
      ]),
    });
    expect(result.labels!.problems).toHaveLength(2);
    const [annotation] = await itemAnnotations(manager, result.created[0]!.id);
    expect(annotation!.result).toEqual([{ task: "things", type: "bbox", label: "cat", x: 192, y: 128, width: 128, height: 256 }]);
    expect(annotation!.client).toMatchObject({ importedFrom: "yolo", importBatchId: result.batchId, labelFile: "astronaut.txt" });
  });

  it("imports CVAT for images XML as gold labels: boxes and tags, shapes Concord does not draw said", async () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
  <image id="0" name="rocket.jpg" width="640" height="427">
    <box label="rocket" source="manual" occluded="0" xtl="250.5" ytl="20" xbr="390" ybr="400" z_order="0"></box>
    <tag label="outdoor" source="manual"></tag>
    <polyline label="rocket" source="manual" occluded="0" points="1,2;3,4" z_order="0"></polyline>
  </image>
</annotations>`;
    const result = await importWith(manager, projectId, ["rocket.jpg"], { "annotations.xml": xml }, { labelsAs: "gold" });
    expect(result.labels).toEqual({ format: "cvat", annotations: 0, goldLabels: 1, problems: ["annotations.xml: rocket.jpg: 1 polyline shape(s) left out: Concord keeps boxes, polygons and tags"] });
    const review = (await itemReview(manager, result.created[0]!.id)) as { gold: unknown };
    expect(review.gold).toEqual([
      { task: "things", type: "bbox", label: "rocket", x: 250.5, y: 20, width: 139.5, height: 380 },
      { task: "scene", type: "classification", values: ["outdoor"] },
    ]);
  });

  it("refuses labels without saying whose they are, or whose are not a member's, with 400 and nothing stored", async () => {
    const before = await countBatches();
    const cases: [LabelsOwner, Record<string, string>, RegExp][] = [
      [{}, { "instances_val.json": coco }, /labelsBy=<email of a labeler of the project> or labelsAs=gold \(exactly one\)/],
      [{ labelsBy: lea.email, labelsAs: "gold" }, { "instances_val.json": coco }, /exactly one/],
      [{ labelsBy: `nobody@${tag()}.labels` }, { "instances_val.json": coco }, /is not a labeler of this project/],
      [{ labelsAs: "gold" }, { "instances_val.json": "{ not json" }, /is not a COCO annotations file \(JSON\)/],
      [{ labelsAs: "gold" }, { "instances_val.json": coco, "annotations.xml": "<annotations/>" }, /are not one COCO \.json, one CVAT \.xml, or YOLO/],
      [{ labelsAs: "gold" }, { "astronaut.txt": "0 0.5 0.5 0.1 0.1" }, /or YOLO \.txt label files with their data\.yaml or classes\.txt/],
    ];
    for (const [owner, labels, message] of cases) {
      const refused = await failure(importWith(manager, projectId, ["hubble_deep_field.jpg"], labels, owner));
      expect(refused).toMatchObject({ code: "bad_request" });
      expect((refused as Error).message).toMatch(message);
    }
    const refused = await failure(importWith(manager, projectId, ["hubble_deep_field.jpg"], {}, { labelsAs: "gold" }));
    expect((refused as Error).message).toMatch(/send the label files as "labels" parts/);
    expect(await countBatches()).toBe(before);
  });
});
