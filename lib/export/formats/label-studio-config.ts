// A Label Studio labeling config (label_config.xml) for a project's tasks, so that the Label Studio export imports
// into a Label Studio project unchanged: the control names are the task keys the export's results name (from_name).
import { allowedLabels, type Task } from "../../validation/project";
import { xmlAttributes } from "./xml";

/** The object tag the results name (to_name), which is also the task data key of the media URL. */
export type LabelStudioObject = "image" | "audio";

/** The control of a segment task's transcripts: Label Studio keeps per-region text in a TextArea of its own. */
export const regionTranscriptControl = (taskKey: string) => `${taskKey}_transcript`;

/** The given attributes (those not undefined), escaped as XML. */
const attributes = (values: Record<string, string | undefined>) => xmlAttributes(Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined)));

/** A class and its color, as Label Studio's Choice or Label (the uncertainty class after the task's classes). */
function options(task: Exclude<Task, { type: "transcript" }>, tag: "Choice" | "Label"): string[] {
  const colors = new Map(task.classes.map((labelClass) => [labelClass.name, labelClass.color]));
  return allowedLabels(task).map((name) => `    <${tag}${attributes({ value: name, background: tag === "Label" ? colors.get(name) : undefined })}/>`);
}

/** The control (and, for a segment task with transcripts, its per-region TextArea) of one task. */
function controls(task: Task, media: LabelStudioObject): string[] {
  const toName = media;
  const required = task.required ? "true" : undefined;
  switch (task.type) {
    case "classification":
      return [`  <Choices${attributes({ name: task.key, toName, choice: task.multiple ? "multiple" : "single", required })}>`, ...options(task, "Choice"), "  </Choices>"];
    case "bbox":
      return [`  <RectangleLabels${attributes({ name: task.key, toName })}>`, ...options(task, "Label"), "  </RectangleLabels>"];
    case "polygon":
      return [`  <PolygonLabels${attributes({ name: task.key, toName })}>`, ...options(task, "Label"), "  </PolygonLabels>"];
    case "segment": {
      const labels = [`  <Labels${attributes({ name: task.key, toName })}>`, ...options(task, "Label"), "  </Labels>"];
      if (!task.transcript) return labels;
      return [...labels, `  <TextArea${attributes({ name: regionTranscriptControl(task.key), toName, perRegion: "true", whenTagName: task.key, editable: "true", displayMode: "region-list" })}/>`];
    }
    case "transcript":
      return [`  <TextArea${attributes({ name: task.key, toName, required, editable: "true", rows: "4" })}/>`];
  }
}

/**
 * The labeling config of a project with these tasks: the media object named `image` or `audio` reading the task data
 * key of that name, then one control per task named by its key (Choices with the classes and the uncertainty class,
 * RectangleLabels, PolygonLabels, Labels for segments with a per-region TextArea `<key>_transcript` for their
 * transcripts, TextArea for transcripts). Tasks that do not fit the media are left out.
 */
export function labelStudioConfig(tasks: readonly Task[], media: LabelStudioObject): string {
  const fits = (task: Task) => (media === "image" ? task.type !== "segment" : task.type !== "bbox" && task.type !== "polygon");
  const object = media === "image" ? `  <Image name="image" value="$image" zoom="true"/>` : `  <Audio name="audio" value="$audio"/>`;
  return ["<View>", object, ...tasks.filter(fits).flatMap((task) => [`  <Header${attributes({ value: task.key })}/>`, ...controls(task, media)]), "</View>", ""].join("\n");
}
