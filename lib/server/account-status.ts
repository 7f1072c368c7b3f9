import { recordAudit } from "./audit";
import { requireAdmin, type Caller } from "./auth/caller";
import { db } from "./db/client";
import { AppError } from "./errors";

/**
 * Disables an account, or enables it again (administrators). A disabled account cannot sign in, its sessions end at
 * once and its API tokens and password links stop working; nothing it made is removed. Administrators cannot
 * disable themselves, so there is always someone to enable an account again.
 */
export async function setDisabled(caller: Caller, userId: string, disabled: boolean): Promise<void> {
  requireAdmin(caller);
  if (disabled && userId === caller.user.id) throw new AppError("conflict", "You cannot disable your own account.");
  await db().$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId },
      data: { disabledAt: disabled ? new Date() : null, ...(disabled ? { sessionVersion: { increment: 1 } } : {}) },
    });
    if (!count) throw new AppError("not_found", "No such user.");
    await recordAudit(tx, { actorId: caller.user.id, action: disabled ? "user.disable" : "user.enable", targetType: "user", targetId: userId });
  });
}
