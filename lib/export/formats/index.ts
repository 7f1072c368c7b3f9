// Export formats: each exported item turned into a line or a record of a format, one item at a time,
// so that the server can stream an export of any size in constant memory. Pure: no database, no
// framework; the server chooses the items, their final labels and splits, and writes the files.
export * from "./asr-manifest";
export * from "./coco";
export * from "./csv";
export * from "./item";
export * from "./jsonl";
export * from "./label-studio";
export * from "./label-studio-import";
export * from "./shapes";
export * from "./yolo";
