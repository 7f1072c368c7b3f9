// The demo: users with every role and one image and one audio project with a baseline model's predictions, built from
// files that ship in prisma/demo (a user's machine has nothing else). Running it again changes nothing.
import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { db } from "./db/client";
import { PRISMA_DIR } from "./db/providers";
import { importFiles, type IncomingFile } from "./imports";
import { importPredictions } from "./models/predictions";
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
    /** A JSON Lines file of prisma/demo/predictions: DEMO_MODEL's prediction of each item, named by its file name. */
    predictions: string;
  }[];
}

export async function demoDefinition(): Promise<DemoDefinition> {
  return JSON.parse(await readFile(path.join(DEMO_DIR, "demo.json"), "utf8")) as DemoDefinition;
}

export interface DemoSummary {
  createdUsers: number;
  createdProjects: number;
  createdItems: number;
  /** Predictions of DEMO_MODEL imported. */
  createdPredictions: number;
  signIns: { email: string; password: string; role: string }[];
}

export async function seedDemo(): Promise<DemoSummary> {
  const demo = await demoDefinition();
  const summary: DemoSummary = { createdUsers: 0, createdProjects: 0, createdItems: 0, createdPredictions: 0, signIns: await demoSignIns(demo) };

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
      const { items: _items, predictions: _predictions, ...config } = definition;
      project = await createProject(admin, config);
      summary.createdProjects++;
    }
    for (const [email, role] of Object.entries(demo.roles)) {
      const existing = await db().membership.findUnique({ where: { projectId_userId: { projectId: project.id, userId: userIds.get(email)! } } });
      if (!existing) await setMemberRole(adminId, project.id, userIds.get(email)!, role);
    }
    // A demo project with items was imported before; a second import would only add an empty batch.
    if (!(await db().item.count({ where: { projectId: project.id } }))) summary.createdItems += await importDemoItems(admin, project.id, definition);
    summary.createdPredictions += await importDemoPredictions(admin, project.id, definition.predictions);
  }
  return summary;
}

/** The demo's model: a baseline whose predictions are plausible for each item, some of them wrong on purpose. */
export const DEMO_MODEL = { name: "demo-baseline", version: "1" } as const;

/**
 * The baseline's predictions, through the same import (and checks) as anyone's; once: a project that has the model
 * keeps its predictions as they are, so an evaluation of them stays fresh.
 */
async function importDemoPredictions(admin: Caller, projectId: string, file: string): Promise<number> {
  if (await db().predictionModel.findFirst({ where: { projectId, ...DEMO_MODEL }, select: { id: true } })) return 0;
  const text = await readFile(path.join(DEMO_DIR, "predictions", file), "utf8");
  const predictions = text.split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line) as unknown);
  const report = await importPredictions(admin, projectId, { model: DEMO_MODEL, predictions });
  if (report.rejected.length) throw new Error(`demo predictions refused: ${JSON.stringify(report.rejected)}`);
  return report.imported;
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
