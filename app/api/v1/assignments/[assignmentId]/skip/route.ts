import { skipAssignment } from "@/lib/server/annotations";
import { authenticated, jsonBody } from "@/lib/server/api/handler";

export const POST = authenticated<{ assignmentId: string }>(async ({ caller, params, request }) => {
  await skipAssignment(caller, params.assignmentId, await jsonBody(request));
  return new Response(null, { status: 204 });
});
