"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { api } from "@/lib/client/api";
import { firstProblem } from "@/lib/validation/parse";
import { passwordSchema } from "@/lib/validation/users";
import { Button } from "./ui/button";

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 aria-[invalid=true]:border-red-500";

/** Sets the password a link is for, then signs in with it; each problem is shown under its field. */
export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const id = useId();
  const [problems, setProblems] = useState<{ password?: string; confirmation?: string; link?: string }>({});
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password"));
    const passwordProblem = firstProblem(passwordSchema, password);
    const found = {
      password: passwordProblem ?? undefined,
      confirmation: !passwordProblem && password !== form.get("confirmation") ? "The two passwords differ." : undefined,
    };
    setProblems(found);
    if (found.password || found.confirmation) return;
    setPending(true);
    try {
      await api("/password-links/set", { method: "POST", json: { token, password } });
    } catch (error) {
      setPending(false);
      return setProblems({ link: (error as Error).message });
    }
    const signedIn = await signIn("credentials", { email, password, redirect: false });
    router.replace(signedIn?.ok && !signedIn.error ? "/projects" : "/signin");
    router.refresh();
  }

  const field = (name: "password" | "confirmation", label: string) => (
    <div className="space-y-1.5">
      <label htmlFor={`${id}-${name}`} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        name={name}
        type="password"
        autoComplete="new-password"
        required
        aria-invalid={problems[name] ? true : undefined}
        aria-describedby={problems[name] ? `${id}-${name}-problem` : undefined}
        className={inputClass}
      />
      {problems[name] ? (
        <p id={`${id}-${name}-problem`} className="text-sm text-red-700">
          {problems[name]}
        </p>
      ) : null}
    </div>
  );

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {/* For password managers: the account this password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      {field("password", "New password")}
      {field("confirmation", "Repeat the password")}
      <p className="text-xs text-slate-600">At least 8 characters.</p>
      {problems.link ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {problems.link}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Saving…" : "Set password and sign in"}
      </Button>
    </form>
  );
}
