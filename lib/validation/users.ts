import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address." }));

export const passwordSchema = z
  .string()
  .min(8, { message: "Passwords need at least 8 characters." })
  .max(256, { message: "Passwords can have at most 256 characters." });

export const newUserSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(120).optional(),
  isAdmin: z.boolean().default(false),
});
export type NewUser = z.input<typeof newUserSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  // Not the new-password rules: an old, shorter password must still be able to fail politely.
  password: z.string().min(1, { message: "Enter your password." }).max(1024),
});

export const projectRoleSchema = z.enum(["manager", "reviewer", "labeler"]);

/** An account an administrator creates: no password; its owner sets one from the invitation link. */
export const invitedUserSchema = newUserSchema.omit({ password: true }).strict();
export type InvitedUser = z.input<typeof invitedUserSchema>;

/** The secret of a password link: 32 random bytes, base64url. */
export const passwordLinkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: "This link is not a Concord password link." });

export const setPasswordSchema = z.object({ token: passwordLinkTokenSchema, password: passwordSchema }).strict();

export const userStatusSchema = z.object({ disabled: z.boolean() }).strict();
