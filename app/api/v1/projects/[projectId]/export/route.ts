import { authenticated } from "@/lib/server/api/handler";
import { exportProject } from "@/lib/server/export";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params, request }) => {
  const { filename, stream } = await exportProject(caller, params.projectId, Object.fromEntries(new URL(request.url).searchParams));
  return new Response(stream, { headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" } });
});
