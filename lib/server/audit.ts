import type { Db } from "./db/client";

/** A client or an open transaction: audit events are written in the same transaction as the change. */
type Writer = Pick<Db, "auditEvent">;

export interface AuditEntry {
  actorId: string | null;
  action: string;
  projectId?: string;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
}

/** The audit log is append-only: this module only ever inserts, and nothing else writes the table. */
export async function recordAudit(writer: Writer, entry: AuditEntry): Promise<void> {
  await writer.auditEvent.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      projectId: entry.projectId ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      data: (entry.data ?? undefined) as object | undefined,
    },
  });
}
