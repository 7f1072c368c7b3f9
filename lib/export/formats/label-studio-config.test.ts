import { describe, expect, it } from "vitest";
import { readExport } from "../../testing/python";
import { labelStudioConfig } from "./label-studio-config";
import { audioTasks, imageTasks, onDisk } from "./test-items";

type Schema = Record<string, { type: string; to_name: string[]; inputs: { type: string; value: string }[]; labels: string[]; conditionals?: object }>;

describe("Label Studio labeling config (issue 21)", () => {
  it("has one control per image task, named by its key, with its classes and uncertainty class, as label-studio-converter's parse_config reads it", async () => {
    const folder = onDisk(new Map([["label_config.xml", labelStudioConfig(imageTasks, "image")], ["tasks.json", "[]"]]));
    const { schema, dataKeys } = await readExport<{ schema: Schema; dataKeys: string[] }>("label_studio_converter", folder);
    const image = [{ type: "Image", value: "image" }];
    expect(dataKeys).toEqual(["image"]);
    expect(schema).toEqual({
      defect: { type: "Choices", to_name: ["image"], inputs: image, labels: ["ok", "scratch", "dent", "borderline"], labels_attrs: expect.any(Object) },
      boxes: { type: "RectangleLabels", to_name: ["image"], inputs: image, labels: ["scratch", "dent"], labels_attrs: expect.any(Object) },
      outline: { type: "PolygonLabels", to_name: ["image"], inputs: image, labels: ["scratch"], labels_attrs: expect.any(Object) },
    });
  });

  it("gives audio segments Labels with a per-region TextArea for their transcripts, and transcripts a TextArea", async () => {
    const folder = onDisk(new Map([["label_config.xml", labelStudioConfig(audioTasks, "audio")], ["tasks.json", "[]"]]));
    const { schema } = await readExport<{ schema: Schema }>("label_studio_converter", folder);
    const audio = [{ type: "Audio", value: "audio" }];
    expect(Object.fromEntries(Object.entries(schema).map(([name, control]) => [name, [control.type, control.inputs, control.labels, control.conditionals]]))).toEqual({
      speech: ["Labels", audio, ["speech"], undefined],
      speech_transcript: ["TextArea", audio, [], { type: "tag", name: "speech" }],
      noise: ["Labels", audio, ["noise"], undefined],
      text: ["TextArea", audio, [], undefined],
    });
  });

  it("escapes class names that XML would take for markup", () => {
    const tasks = [{ key: "kind", type: "classification" as const, classes: [{ name: 'a "quoted" <b> & c' }], multiple: false, required: true }];
    expect(labelStudioConfig(tasks, "image")).toContain('<Choice value="a &quot;quoted&quot; &lt;b&gt; &amp; c"/>');
  });
});
