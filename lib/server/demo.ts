// The demo: users with every role and one image and one audio project, built from files that ship in
// prisma/demo (a user's machine has nothing else). Running it again changes nothing.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { recordAudit } from "./audit";
import { db } from "./db/client";
import { PRISMA_DIR } from "./db/providers";
import { probeAudio, probeImage, type MediaFacts } from "./media-probe";
import { sha256, storeMedia } from "./media-store";
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
    summary.createdItems += await importDemoItems(project.id, adminId, definition);
  }
  return summary;
}

type DemoItem = DemoDefinition["projects"][number]["items"][number];

async function importDemoItems(projectId: string, adminId: string, definition: DemoDefinition["projects"][number]): Promise<number> {
  const files: { item: DemoItem; hash: string; facts: MediaFacts; mediaPath: string; size: number }[] = [];
  for (const item of definition.items) {
    const bytes = await readFile(path.join(DEMO_DIR, "media", item.file));
    const hash = sha256(bytes);
    if (await db().item.findUnique({ where: { projectId_sha256: { projectId, sha256: hash } }, select: { id: true } })) continue;
    const facts = definition.mediaKind === "image" ? await probeImage(bytes) : await probeAudio(bytes, item.file);
    const mediaPath = await storeMedia(projectId, bytes, path.extname(item.file));
    files.push({ item, hash, facts, mediaPath, size: bytes.byteLength });
  }
  if (!files.length) return 0;
  await db().$transaction(async (tx) => {
    const batch = await tx.importBatch.create({
      data: {
        projectId,
        createdById: adminId,
        channel: "demo",
        files: files.map(({ item, hash, size }) => ({ name: item.file, size, sha256: hash, outcome: "stored" })),
        itemCount: files.length,
      },
    });
    for (const { item, hash, facts, mediaPath, size } of files) {
      await tx.item.create({
        data: {
          projectId,
          importBatchId: batch.id,
          mediaPath,
          mimeType: facts.mimeType,
          originalName: item.file,
          sha256: hash,
          sizeBytes: size,
          width: facts.width ?? null,
          height: facts.height ?? null,
          durationMs: facts.durationMs ?? null,
          metadata: item.metadata,
          source: "concord demo",
        },
      });
    }
    await recordAudit(tx, { actorId: adminId, projectId, action: "import.create", targetType: "importBatch", targetId: batch.id, data: { items: files.length } });
  });
  return files.length;
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
