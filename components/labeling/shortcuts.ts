// Each workspace's own shortcuts, listed in the `?` help next to the common ones.
import type { Shortcut } from "./shortcut-help";

export const IMAGE_SHORTCUTS: Shortcut[] = [
  ["V / B / P", "Select tool / box tool / polygon tool"],
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
  ["Enter", "Type the selected segment's transcript"],
  ["Shift+U", "Mark the selected segment uncertain"],
  ["Delete", "Delete the selected segment"],
];
