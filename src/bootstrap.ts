import { generatePassword } from "./auth/secrets.ts";
import { countUsers, createUser } from "./auth/users-service.ts";
import { loadSeedCampaign } from "./campaigns/seed-loader.ts";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { Db } from "./db/client.ts";

/** On first start with no user, creates the administrator; a generated password is returned to be shown once. */
export async function ensureAdmin(
  db: Db,
  config: Readonly<Config>,
): Promise<{ email: string; generatedPassword: string | null } | null> {
  if ((await countUsers(db)) > 0) return null;
  const email = config.adminEmail ?? "admin@chibo.local";
  const generatedPassword = config.adminPassword ? null : generatePassword();
  await createUser(db, {
    email,
    displayName: "Quản trị viên",
    password: config.adminPassword ?? generatedPassword!,
    role: "admin",
  });
  return { email, generatedPassword };
}

/** Loads the data shipped with the service (the seed campaign template) on every start; it is inserted once. */
export async function ensureSeedData(db: Db, clock: Clock): Promise<{ seedCampaignLoaded: boolean }> {
  const { loaded } = await loadSeedCampaign(db, clock.now());
  return { seedCampaignLoaded: loaded };
}
