"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/client/api";

/** Accept and Decline for one of the caller's invitations on the projects page. */
export function InvitationAnswer({ invitationId, projectName }: { invitationId: string; projectName: string }) {
  const router = useRouter();
  const answer = useMutation({
    mutationFn: (verb: "accept" | "decline") => api(`/invitations/${invitationId}/${verb}`, { method: "POST" }),
    // The invitations and the projects are rendered on the server: render them again.
    onSuccess: () => router.refresh(),
  });
  const busy = answer.isPending || answer.isSuccess;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button aria-label={`Accept the invitation to ${projectName}`} disabled={busy} onClick={() => answer.mutate("accept")}>
        Accept
      </Button>
      <Button variant="secondary" aria-label={`Decline the invitation to ${projectName}`} disabled={busy} onClick={() => answer.mutate("decline")}>
        Decline
      </Button>
      {answer.isError ? <Alert tone="error">{answer.error.message}</Alert> : null}
    </div>
  );
}
