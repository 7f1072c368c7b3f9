import { NextResponse } from "next/server";
import { authenticated } from "@/lib/server/api/handler";
import { getItem } from "@/lib/server/items";
import { itemReview } from "@/lib/server/review";

export const GET = authenticated<{ itemId: string }>(async ({ caller, params }) => {
  const [item, review] = await Promise.all([getItem(caller, params.itemId), itemReview(caller, params.itemId)]);
  return NextResponse.json({ ...item, review });
});
