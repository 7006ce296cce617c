/** What the administrator reads about the Zalo channel: on or off, and the state of the OA's tokens. */
import { requireAdmin } from "../../auth/policy.ts";
import type { Principal } from "../../auth/principal.ts";
import { ZALO_REQUIRED } from "../../config.ts";
import type { AppDeps } from "../../http/types.ts";
import { type ZaloTokenState, zaloTokenState } from "./zalo-tokens.ts";

export type ZaloStatus =
  /** Off: the variables to set to turn it on. */
  | { on: false; variables: readonly string[] }
  /** On; `token` null until the first message (or after a new ZALO_REFRESH_TOKEN). No token value. */
  | { on: true; appId: string; templateId: string; token: ZaloTokenState | null };

export async function zaloStatus(deps: AppDeps, p: Principal): Promise<ZaloStatus> {
  requireAdmin(p);
  const cfg = deps.config.zalo;
  if (!cfg) return { on: false, variables: ZALO_REQUIRED };
  return {
    on: true,
    appId: cfg.appId,
    templateId: cfg.templateId,
    token: await zaloTokenState(deps.database.db, cfg),
  };
}
