import { AccessDenied } from "@/components/ui/access-denied";

// Outside the app's layout (the administration page's refusal): a landmark of its own.
export default function Forbidden() {
  return (
    <main>
      <AccessDenied needs="administrator rights" />
    </main>
  );
}
