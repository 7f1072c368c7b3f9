// Each workspace's shortcuts, listed in the `?` help: its own, then those every labeling workspace shares.
import { shapeClassShortcut } from "./shape-classes";
import type { Shortcut } from "./shortcut-help";

const COMMON: Shortcut[] = [
  ["Ctrl+Enter", "Submit and open the next task"],
  ["Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"],
  ["1–9, class hotkeys", "Choose a class"],
  ["Skip, then 1–9 / 0, Enter", "Skip with one of the project's reasons / with other and your words"],
  ["U", "The uncertainty class"],
  ["Alt+U (in a transcript)", "Insert [unintelligible]"],
  ["Esc", "Leave a text field; cancel; deselect"],
  ["?", "This help"],
];

export const IMAGE_SHORTCUTS: Shortcut[] = [
  ["V / B / P", "Select tool / box tool / polygon tool"],
  shapeClassShortcut("shapes", "image"),
  ["Drag", "Draw a box; with the select tool, move the selected shape"],
  ["Click, Enter", "Polygon: add a vertex; close (or click the first vertex)"],
  ["Double-click an edge", "Insert a vertex in the selected polygon (select tool)"],
  ["Alt+click a vertex", "Delete that vertex (or select it and press Delete)"],
  ["Delete", "Delete the selected shape"],
  ["Arrows, Shift+arrows", "Nudge the selected shape by 1 or 10 px"],
  ["Shift+U", "Mark the selected shape uncertain"],
  ["Wheel", "Zoom around the cursor"],
  ["Space+drag, middle drag", "Pan"],
  ["+ / − / 0", "Zoom in / out / fit to screen"],
  ...COMMON,
];

export const AUDIO_SHORTCUTS: Shortcut[] = [
  ["Space", "Play / pause"],
  ["Drag on the waveform", "Create a segment; drag its body or edges to move or resize it"],
  ["M", "Mark a segment start at the playhead, then its end"],
  ["P", "Play the selected segment"],
  ["L", "Loop the selected segment"],
  ["← / →, Shift+arrows", "Seek 1 s / 5 s"],
  ["[ / ]", "Previous / next segment"],
  [", / .", "Slower / faster (0.5×–2×)"],
  ["+ / −", "Zoom in / out"],
  shapeClassShortcut("segments", "clip"),
  ["Enter", "Type the selected segment's transcript"],
  ["Shift+U", "Mark the selected segment uncertain"],
  ["Delete", "Delete the selected segment"],
  ...COMMON,
];
