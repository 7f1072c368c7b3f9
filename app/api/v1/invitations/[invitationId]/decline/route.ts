import { authenticated } from "@/lib/server/api/handler";
import { declineInvitation } from "@/lib/server/invitations";

export const POST = authenticated<{ invitationId: string }>(async ({ caller, params }) => {
  await declineInvitation(caller, params.invitationId);
  return new Response(null, { status: 204 });
});
