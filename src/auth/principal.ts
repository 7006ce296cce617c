import type { FastifyRequest } from "fastify";
import { unauthorized } from "../http/errors.ts";

export type UserRole = "admin" | "officer" | "secretary" | "member";

/** Who is calling, and so how far they reach. */
export interface Principal {
  userId: string;
  email: string;
  displayName: string;
  role: UserRole;
  /** Officer: the committee at the top of their reach. */
  committeeId: string | null;
  /** Secretary: their branch. Member: the branch of their (active) member record. */
  branchId: string | null;
  /** Member (and a secretary linked to their own member record). */
  memberId: string | null;
  sessionId: string;
}

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function requireUser(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}
