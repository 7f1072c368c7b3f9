import { NextResponse } from "next/server";
import { setDisabled } from "@/lib/server/account-status";
import { authenticated, jsonBody } from "@/lib/server/api/handler";
import { parseInput } from "@/lib/validation/parse";
import { userStatusSchema } from "@/lib/validation/users";

type Params = { userId: string };

export const PATCH = authenticated<Params>(async ({ caller, params, request }) => {
  const { disabled } = parseInput(userStatusSchema, await jsonBody(request));
  await setDisabled(caller, params.userId, disabled);
  return NextResponse.json({ id: params.userId, disabled });
});
