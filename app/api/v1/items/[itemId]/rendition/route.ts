import { authenticated } from "@/lib/server/api/handler";
import { fileResponse } from "@/lib/server/api/file-response";
import { itemFile } from "@/lib/server/items";

export const GET = authenticated<{ itemId: string }>(async ({ caller, params, request }) => {
  const { key, mimeType, etag, cacheable } = await itemFile(caller, params.itemId, "rendition");
  return fileResponse(request, key, mimeType, etag, cacheable);
});
