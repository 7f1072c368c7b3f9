import { authenticated } from "@/lib/server/api/handler";
import { withdrawInvitation } from "@/lib/server/projects";

type Params = { projectId: string; invitationId: string };

export const DELETE = authenticated<Params>(async ({ caller, params }) => {
  await withdrawInvitation(caller, params.projectId, params.invitationId);
  return new Response(null, { status: 204 });
});
