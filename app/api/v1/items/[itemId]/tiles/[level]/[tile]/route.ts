import { authenticated } from "@/lib/server/api/handler";
import { fileResponse } from "@/lib/server/api/file-response";
import { AppError } from "@/lib/server/errors";
import { itemTile } from "@/lib/server/items";
import { MediaMissing } from "@/lib/server/media/storage";
import { tileParams } from "@/lib/validation/items";
import { parseInput } from "@/lib/validation/parse";

export const GET = authenticated<{ itemId: string; level: string; tile: string }>(async ({ caller, params, request }) => {
  const { level, tile } = parseInput(tileParams, { level: params.level, tile: params.tile });
  const { key, mimeType, etag } = await itemTile(caller, params.itemId, level, tile);
  return fileResponse(request, key, mimeType, etag).catch((error: unknown) => {
    // A column or row past the level's edge.
    throw error instanceof MediaMissing ? new AppError("not_found", `The pyramid has no tile ${level}/${tile}.`) : error;
  });
});
