import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/api/openapi";
import { CONCORD_VERSION } from "@/lib/version";

export const GET = () => NextResponse.json(openApiDocument(CONCORD_VERSION));
