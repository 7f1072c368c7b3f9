export type Role = "manager" | "reviewer" | "labeler";

export const ROLES: { value: Role; label: string }[] = [
  { value: "labeler", label: "Labeler" },
  { value: "reviewer", label: "Reviewer (SME)" },
  { value: "manager", label: "Manager" },
];

export const roleLabel = (role: Role) => ROLES.find((candidate) => candidate.value === role)!.label;

export const roleSelectClass = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

/** The options of a role select. */
export function RoleOptions() {
  return ROLES.map((role) => (
    <option key={role.value} value={role.value}>
      {role.label}
    </option>
  ));
}
