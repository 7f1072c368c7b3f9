import Link from "next/link";

/** The way back from a project's sub-page: "← {to}" above its heading. */
export function BackLink({ href, to }: { href: string; to: string }) {
  return (
    <Link href={href} className="text-sm text-brand-700 hover:underline">
      ← {to}
    </Link>
  );
}
