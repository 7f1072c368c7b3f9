import Link from "next/link";

/**
 * What a 403 page says: which right or project role the page needs. forbidden() takes no argument, so each guarded
 * segment has a forbidden.tsx that names the role its page checks on the server.
 */
export function AccessDenied({ needs }: { needs: string }) {
  return (
    <div className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-brand-600">403</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">You don&apos;t have access to this page</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">It needs {needs}. Ask a project manager or an administrator if you think you should have it.</p>
      <Link href="/projects" className="mt-6 rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
        Back to projects
      </Link>
    </div>
  );
}

export function NeedsAdministrator() {
  return <AccessDenied needs="administrator rights" />;
}

/** The refusal of a page that needs a reviewer or manager (review, items, dashboard, models). */
export function NeedsReviewer() {
  return <AccessDenied needs="the reviewer or manager role in this project" />;
}

export function NeedsManager() {
  return <AccessDenied needs="the manager role in this project" />;
}

/** Creating a project: administrators and managers of any project. */
export function NeedsProjectCreator() {
  return <AccessDenied needs="administrator rights or the manager role in a project" />;
}
