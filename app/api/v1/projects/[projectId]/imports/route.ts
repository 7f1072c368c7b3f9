import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { requireProjectRole } from "@/lib/server/auth/caller";
import { importFiles, receiveMultipart } from "@/lib/server/imports";

export const POST = authenticated<{ projectId: string }>(async ({ caller, params, request }) => {
  // Checked before a byte is read: a gigabyte from someone who may not import is refused at once.
  await requireProjectRole(caller, params.projectId, "manager");
  const { files, manifest, labelStudio } = await receiveMultipart(request);
  const result = await importFiles(caller, params.projectId, files, manifest, caller.via === "token" ? "api" : "upload", labelStudio);
  return NextResponse.json(result, { status: result.created.length ? 201 : 200 });
});
