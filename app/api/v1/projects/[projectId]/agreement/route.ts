import { NextResponse } from "next/server";
import { projectAgreement } from "@/lib/server/agreement";
import { authenticated } from "@/lib/server/api/handler";

export const GET = authenticated<{ projectId: string }>(async ({ caller, params }) => NextResponse.json(await projectAgreement(caller, params.projectId)));
