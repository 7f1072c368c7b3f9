import { describe, expect, it } from "vitest";
import { readExport } from "../../testing/python";
import { exportQuerySchema } from "../../validation/export";
import { newProjectSchema } from "../../validation/project";
import { cvatFormat, cvatLabels } from "./cvat";
import { parseCvatLabels } from "./detection-import";
import { onDisk, writeFormat, imageItem, imageTasks, box, polygon } from "./test-items";

interface CvatRead {
  mode: string;
  labels: Record<string, string[]>;
  items: {
    id: string;
    frame: number;
    name: string;
    subset: string;
    size: [number, number] | null;
    imageExists: boolean;
    annotations: { type: string; label: string; label_id: number; occluded?: boolean; bbox?: number[]; points?: number[]; attributes: Record<string, unknown> }[];
  }[];
}

const query = exportQuerySchema.parse({ format: "cvat" });
const read = (items: Parameters<typeof writeFormat>[2], tasks = imageTasks) => readExport<CvatRead>("cvat", onDisk(writeFormat(cvatFormat, { tasks, query, metadataKeys: [] }, items)));

/** Two classification tasks sharing the class "ok", and a box task with a name XML must escape. */
const sharedClassTasks = newProjectSchema.parse({
  name: "p",
  mediaKind: "image",
  tasks: [
    { key: "light", type: "classification", classes: ["ok", "dark"] },
    { key: "focus", type: "classification", classes: ["ok", "blurred"] },
    { key: "boxes", type: "bbox", classes: ['A & <B> "c"'] },
  ],
}).tasks;

describe("CVAT for images 1.1 export (issue 21)", () => {
  it("imports as CVAT and Datumaro read it: the labels in <meta>, every image with its subset, boxes, polygons and tags with the uncertain attribute", async () => {
    const items = [
      imageItem([box(10, 20, 30, 40), { ...polygon([[10, 10], [50, 10], [50, 40]]), uncertain: true }, { task: "defect", type: "classification", values: ["scratch", "dent"] }], {
        id: "a",
        fileName: "a.png",
      }),
      imageItem([{ task: "defect", type: "classification", values: ["borderline"], uncertain: true }], { id: "b", fileName: "b.jpg", split: "dev" }),
      imageItem([], { id: "c", fileName: "c d.png", split: null }),
    ];
    const { mode, labels, items: read_ } = await read(items);
    expect(mode).toBe("annotation");
    // The box task's, the polygon task's and the classification's "scratch" are one label.
    expect(labels).toEqual({ ok: ["uncertain"], scratch: ["uncertain"], dent: ["uncertain"], borderline: ["uncertain"] });
    expect(read_.map(({ id, frame, name, subset, size, imageExists }) => ({ id, frame, name, subset, size, imageExists }))).toEqual([
      { id: "a", frame: 0, name: "a.png", subset: "train", size: [200, 400], imageExists: true },
      { id: "b", frame: 1, name: "b.jpg", subset: "val", size: [200, 400], imageExists: true },
      { id: "c d", frame: 2, name: "c d.png", subset: "default", size: [200, 400], imageExists: true },
    ]);
    expect(read_[0]!.annotations).toEqual([
      { type: "box", label: "scratch", label_id: 1, occluded: false, z_order: 0, source: "manual", bbox: [10, 20, 30, 40], attributes: { uncertain: false } },
      { type: "polygon", label: "scratch", label_id: 1, occluded: false, z_order: 0, source: "manual", points: [10, 10, 50, 10, 50, 40], attributes: { uncertain: true } },
      { type: "tag", label: "scratch", label_id: 1, source: "manual", attributes: { uncertain: false } },
      { type: "tag", label: "dent", label_id: 2, source: "manual", attributes: { uncertain: false } },
    ]);
    expect(read_[1]!.annotations).toEqual([{ type: "tag", label: "borderline", label_id: 3, source: "manual", attributes: { uncertain: true } }]);
    expect(read_[2]!.annotations).toEqual([]);
  });

  it("names a class of two classification tasks <task>/<class>, since a tag says nothing else, escapes names, and writes coordinates to the hundredth", async () => {
    const tasks = sharedClassTasks;
    expect(cvatLabels(tasks)).toEqual(["light/ok", "dark", "focus/ok", "blurred", 'A & <B> "c"']);
    const items = [
      imageItem([{ task: "light", type: "classification", values: ["ok"] }, { task: "focus", type: "classification", values: ["ok"] }, box(1, 2.345, 3, 4, 'A & <B> "c"')], {
        fileName: 'x & "y"\n.png',
      }),
    ];
    const [item] = (await read(items, tasks)).items;
    expect(item!.name).toBe('x & "y"\n.png');
    expect(item!.annotations.map((annotation) => [annotation.label, annotation.bbox])).toEqual([
      ["light/ok", undefined],
      ["focus/ok", undefined],
      ['A & <B> "c"', [1, 2.35, 3, expect.closeTo(4, 9)]],
    ]);
  });

  it("comes back through Concord's own CVAT import as the labels it was made from", () => {
    const final = [box(10, 20, 30, 40), { ...polygon([[10, 10], [50, 10], [50, 40]]), uncertain: true }, { task: "defect", type: "classification" as const, values: ["scratch", "dent"] }];
    const files = writeFormat(cvatFormat, { tasks: imageTasks, query, metadataKeys: [] }, [imageItem(final, { fileName: "a.png" })]);
    expect(parseCvatLabels(files.get("annotations.xml")!, imageTasks)).toEqual({ items: [{ file: "a.png", result: final }], problems: [] });
  });

  it("comes back through the import with a class two classification tasks share (<task>/<class>) and an uncertain answer", () => {
    const tasks = sharedClassTasks;
    const final = [
      { task: "light", type: "classification" as const, values: ["ok"], uncertain: true },
      { task: "focus", type: "classification" as const, values: ["ok"] },
    ];
    const files = writeFormat(cvatFormat, { tasks, query, metadataKeys: [] }, [imageItem(final, { fileName: "b.png" })]);
    expect(parseCvatLabels(files.get("annotations.xml")!, tasks)).toEqual({ items: [{ file: "b.png", result: final }], problems: [] });
  });
});
