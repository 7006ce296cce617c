/**
 * Named secrets kept in PostgreSQL (`mail_keys`): created by the first instance that needs one, read by
 * the others, so that every instance signs alike. Cached per database handle.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { mailKeys } from "../db/schema.ts";

const cache = new WeakMap<object, Map<string, Promise<Buffer>>>();

async function load(db: DbOrTx, name: string): Promise<Buffer> {
  await db
    .insert(mailKeys)
    .values({ name, secret: randomBytes(32).toString("base64url") })
    .onConflictDoNothing();
  const [row] = await db.select({ secret: mailKeys.secret }).from(mailKeys).where(eq(mailKeys.name, name));
  return Buffer.from(row!.secret, "base64url");
}

/** The 256-bit secret called `name`, the same for every instance on this database. */
export function namedKey(db: DbOrTx, name: string): Promise<Buffer> {
  let keys = cache.get(db);
  if (!keys) {
    keys = new Map();
    cache.set(db, keys);
  }
  let key = keys.get(name);
  if (!key) {
    key = load(db, name);
    key.catch(() => keys.delete(name));
    keys.set(name, key);
  }
  return key;
}
