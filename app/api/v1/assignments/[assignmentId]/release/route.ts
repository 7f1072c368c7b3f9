import { releaseAssignment } from "@/lib/server/annotations";
import { authenticated } from "@/lib/server/api/handler";

export const POST = authenticated<{ assignmentId: string }>(async ({ caller, params }) => {
  await releaseAssignment(caller, params.assignmentId);
  return new Response(null, { status: 204 });
});
