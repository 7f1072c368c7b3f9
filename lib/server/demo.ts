// The demo: users with every role and one image and one audio project, built from files that ship in
// prisma/demo (a user's machine has nothing else). Running it again changes nothing.
import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { db } from "./db/client";
import { PRISMA_DIR } from "./db/providers";
import { importFiles, type IncomingFile } from "./imports";
import { openIncomingDir, sha256 } from "./media/store";
import type { Caller } from "./auth/caller";
import { createProject, setMemberRole } from "./projects";
import { createUser, findUserByEmail } from "./users";
import type { MediaKind, ProjectRole } from "@/lib/generated/prisma-sqlite/enums";

const DEMO_DIR = path.join(PRISMA_DIR, "demo");

interface DemoDefinition {
  password: string;
  users: { email: string; name: string; isAdmin?: boolean }[];
  roles: Record<string, ProjectRole>;
  projects: {
    name: string;
    description: string;
    mediaKind: MediaKind;
    overlap: number;
    maxOverlap: number;
    tasks: unknown[];
    guidelines: string;
    items: { file: string; metadata: Record<string, string> }[];
  }[];
}

export async function demoDefinition(): Promise<DemoDefinition> {
  return JSON.parse(await readFile(path.join(DEMO_DIR, "demo.json"), "utf8")) as DemoDefinition;
}

export interface DemoSummary {
  createdUsers: number;
  createdProjects: number;
  createdItems: number;
  signIns: { email: string; password: string; role: string }[];
}

export async function seedDemo(): Promise<DemoSummary> {
  const demo = await demoDefinition();
  const summary: DemoSummary = { createdUsers: 0, createdProjects: 0, createdItems: 0, signIns: await demoSignIns(demo) };

  const userIds = new Map<string, string>();
  for (const user of demo.users) {
    const existing = await findUserByEmail(user.email);
    const id = existing?.id ?? (await createUser({ ...user, password: demo.password })).id;
    if (!existing) summary.createdUsers++;
    userIds.set(user.email, id);
  }
  const adminEmail = demo.users.find((user) => user.isAdmin)!.email;
  const adminId = userIds.get(adminEmail)!;
  const admin: Caller = { user: (await findUserByEmail(adminEmail))!, via: "session" };

  for (const definition of demo.projects) {
    let project = await db().project.findFirst({ where: { name: definition.name }, select: { id: true } });
    if (!project) {
      const { items: _items, ...config } = definition;
      project = await createProject(admin, config);
      summary.createdProjects++;
    }
    for (const [email, role] of Object.entries(demo.roles)) {
      const existing = await db().membership.findUnique({ where: { projectId_userId: { projectId: project.id, userId: userIds.get(email)! } } });
      if (!existing) await setMemberRole(adminId, project.id, userIds.get(email)!, role);
    }
    // A demo project with items was imported before; a second import would only add an empty batch.
    if (!(await db().item.count({ where: { projectId: project.id } }))) summary.createdItems += await importDemoItems(admin, project.id, definition);
  }
  return summary;
}

/** The demo's media go through the same import as any upload: copied to the incoming directory first. */
async function importDemoItems(admin: Caller, projectId: string, definition: DemoDefinition["projects"][number]): Promise<number> {
  const incomingDir = await openIncomingDir();
  const files: IncomingFile[] = [];
  for (const item of definition.items) {
    const bytes = await readFile(path.join(DEMO_DIR, "media", item.file));
    const incoming = path.join(incomingDir, randomUUID());
    await writeFile(incoming, bytes);
    files.push({ name: item.file, path: incoming, size: bytes.byteLength, sha256: sha256(bytes) });
  }
  const manifest = { name: "demo.json", text: JSON.stringify(definition.items.map((item) => ({ file: item.file, source: "concord demo", ...item.metadata }))) };
  const result = await importFiles(admin, projectId, files, manifest, "demo");
  if (result.rejected.length) throw new Error(`demo media refused: ${JSON.stringify(result.rejected)}`);
  return result.created.length;
}

/** The demo sign-ins, for printing at start. */
export async function demoSignIns(demo?: DemoDefinition): Promise<DemoSummary["signIns"]> {
  const definition = demo ?? (await demoDefinition());
  return definition.users.map((user) => ({
    email: user.email,
    password: definition.password,
    role: user.isAdmin ? "admin" : (definition.roles[user.email] ?? "member"),
  }));
}
