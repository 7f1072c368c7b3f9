import packageJson from "@/package.json" with { type: "json" };

/** Concord's version, as package.json states it. */
export const CONCORD_VERSION: string = packageJson.version;
