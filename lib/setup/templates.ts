// Starting points for common setups, in the JSON the API takes. Each is a valid project's tasks (a test checks
// them with the API's schema); the manager edits from there.
import type { MediaKind } from "@/lib/validation/project";
import type { TaskDraft } from "./task-drafts";

export interface TaskTemplate {
  id: string;
  name: string;
  description: string;
  mediaKind: MediaKind;
  tasks: TaskDraft[];
}

export const TASK_TEMPLATES: readonly TaskTemplate[] = [
  {
    id: "defect-inspection",
    name: "Defect inspection",
    description: "Images: each item ok or defect, with a borderline class for the cases in between, and a box around each defect.",
    mediaKind: "image",
    tasks: [
      {
        key: "verdict",
        type: "classification",
        classes: [
          { name: "ok", color: "#2ca02c", hotkey: "o" },
          { name: "defect", color: "#d62728", hotkey: "d" },
        ],
        uncertainClass: "borderline",
        required: true,
      },
      { key: "defects", type: "bbox", classes: [{ name: "scratch", color: "#ff7f0e" }, { name: "dent", color: "#9467bd" }], required: false },
    ],
  },
  {
    id: "voice-search",
    name: "Voice search transcripts",
    description: "Audio: the intent of each spoken query, and what was said word for word.",
    mediaKind: "audio",
    tasks: [
      {
        key: "intent",
        type: "classification",
        classes: [
          { name: "search", hotkey: "s" },
          { name: "navigation", hotkey: "n" },
          { name: "call", hotkey: "c" },
          { name: "other", hotkey: "o" },
        ],
        uncertainClass: "unclear",
        required: true,
      },
      { key: "transcript", type: "transcript", required: true },
    ],
  },
  {
    id: "speaker-segments",
    name: "Speaker segments",
    description: "Audio: who speaks when, as segments with a speaker class, and what each segment says.",
    mediaKind: "audio",
    tasks: [
      {
        key: "speakers",
        type: "segment",
        classes: [
          { name: "speaker A", color: "#1f77b4" },
          { name: "speaker B", color: "#ff7f0e" },
          { name: "noise", color: "#7f7f7f" },
        ],
        uncertainClass: "overlap",
        transcript: true,
        required: true,
      },
    ],
  },
];

/** A new project starts from the first template of its media kind. */
export function firstTemplate(mediaKind: MediaKind): TaskTemplate {
  return TASK_TEMPLATES.find((template) => template.mediaKind === mediaKind)!;
}
