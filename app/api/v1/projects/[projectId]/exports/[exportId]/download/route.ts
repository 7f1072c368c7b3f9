import { authenticated } from "@/lib/server/api/handler";
import { webStream } from "@/lib/server/api/web-stream";
import { exportZip } from "@/lib/server/exports";

export const GET = authenticated<{ projectId: string; exportId: string }>(async ({ caller, params }) => {
  const { filename, size, body } = await exportZip(caller, params.projectId, params.exportId);
  return new Response(webStream(body), {
    headers: { "Content-Type": "application/zip", "Content-Length": String(size), "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
});
