// Starting points for common setups, in the JSON the API takes. Each is a valid project's tasks (a test checks
// them with the API's schema); the manager edits from there. Their colours are dark enough to read as text on
// white (4.5:1), as the workspaces write the class chosen for new shapes in its colour.
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
          { name: "ok", color: "#15803d", hotkey: "o" },
          { name: "defect", color: "#b91c1c", hotkey: "d" },
        ],
        uncertainClass: "borderline",
        required: true,
      },
      { key: "defects", type: "bbox", classes: [{ name: "scratch", color: "#c2410c" }, { name: "dent", color: "#7e22ce" }], required: false },
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
          { name: "speaker A", color: "#1d4ed8" },
          { name: "speaker B", color: "#c2410c" },
          { name: "noise", color: "#525252" },
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
