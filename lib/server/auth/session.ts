import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import { AppError } from "../errors";
import { projectForPage, type ProjectDetail } from "../projects";
import { resolveCaller, type Caller, type SessionClaims } from "./caller";
import { authOptions } from "./next-auth";

/** The claims of the request's session cookie, if it carries a valid one. */
export async function sessionClaims(): Promise<SessionClaims | null> {
  const session = (await getServerSession(authOptions())) as { claims?: Partial<SessionClaims> } | null;
  const claims = session?.claims;
  return claims?.uid && typeof claims.sv === "number" ? { uid: claims.uid, sv: claims.sv } : null;
}

/** For server pages: the signed-in caller, or a redirect to the sign-in page. */
export async function requirePageCaller(): Promise<Caller> {
  const claims = await sessionClaims();
  if (!claims) redirect("/signin");
  try {
    return await resolveCaller(null, claims);
  } catch (error) {
    if (error instanceof AppError && error.code === "unauthorized") redirect("/signin?reason=session-ended");
    throw error;
  }
}

/** For project pages: the signed-in caller and the project, or the not-found page if they cannot see it. */
export async function requirePageProject(projectId: string): Promise<{ caller: Caller; project: Omit<ProjectDetail, "itemCount"> }> {
  const caller = await requirePageCaller();
  try {
    return { caller, project: await projectForPage(caller, projectId) };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
