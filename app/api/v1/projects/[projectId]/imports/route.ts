import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { requireProjectRole } from "@/lib/server/auth/caller";
import { importFiles, previewLabelStudioImport, receiveMultipart } from "@/lib/server/imports";
import { importQuerySchema } from "@/lib/validation/imports";
import { parseInput } from "@/lib/validation/parse";

export const POST = authenticated<{ projectId: string }>(async ({ caller, params, request }) => {
  const { dryRun, confirmNewLabelers, partial, predictionsVersion, labelsBy, labelsAs } = parseInput(importQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  // Checked before a byte is read: a gigabyte from someone who may not import is refused at once.
  await requireProjectRole(caller, params.projectId, "manager");
  const upload = await receiveMultipart(request);
  if (dryRun) return NextResponse.json(await previewLabelStudioImport(caller, params.projectId, upload));
  const result = await importFiles(caller, params.projectId, upload.files, upload.manifest, caller.via === "token" ? "api" : "upload", upload.labelStudio, {
    confirmNewLabelers,
    partial,
    predictionsVersion,
    labelStudioUsers: upload.labelStudioUsers,
    labels: upload.labels,
    labelsOwner: { labelsBy, labelsAs },
  });
  return NextResponse.json(result, { status: result.created.length ? 201 : 200 });
});
