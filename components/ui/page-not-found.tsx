import Link from "next/link";

/** The 404 page's content; the page around it decides the landmark (inside the app's layout it has its main). */
export function PageNotFound() {
  return (
    <div className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Page not found</h1>
      <Link href="/projects" className="mt-6 rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
        Back to projects
      </Link>
    </div>
  );
}
