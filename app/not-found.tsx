import { PageNotFound } from "@/components/ui/page-not-found";

// An address no route matches: outside the app's layout, so a landmark of its own.
export default function NotFound() {
  return (
    <main>
      <PageNotFound />
    </main>
  );
}
