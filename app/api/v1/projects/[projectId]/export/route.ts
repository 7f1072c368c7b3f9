import { authenticated } from "@/lib/server/api/handler";
import { exportProject } from "@/lib/server/export";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params, request }) => {
  // An empty field of the export form means "not set".
  const query = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  // The request's signal aborts when its client disconnects: the export then stops, waiting or running.
  const { filename, stream } = await exportProject(caller, params.projectId, query, request.signal);
  return new Response(stream, { headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" } });
});
