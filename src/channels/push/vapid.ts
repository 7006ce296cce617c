/**
 * The server's VAPID key pair (RFC 8292): made by the first instance that starts and kept in PostgreSQL
 * (`mail_keys`, name "vapid"), so that every instance signs alike and a restart keeps the subscriptions
 * valid (a browser's subscription is bound to the public key it was made with).
 */
import { eq } from "drizzle-orm";
import webpush from "web-push";
import type { DbOrTx } from "../../db/client.ts";
import { mailKeys } from "../../db/schema.ts";

export interface VapidKeys {
  /** Uncompressed P-256 point, base64url: what the browser's `applicationServerKey` takes. */
  publicKey: string;
  privateKey: string;
}

const NAME = "vapid";
const cache = new WeakMap<object, Promise<VapidKeys>>();

async function load(db: DbOrTx): Promise<VapidKeys> {
  // Insert-if-absent: two instances starting together keep the same pair, whichever wrote first.
  const made = webpush.generateVAPIDKeys();
  await db
    .insert(mailKeys)
    .values({ name: NAME, secret: JSON.stringify(made) })
    .onConflictDoNothing();
  const [row] = await db.select({ secret: mailKeys.secret }).from(mailKeys).where(eq(mailKeys.name, NAME));
  const k = JSON.parse(row!.secret) as VapidKeys;
  return { publicKey: k.publicKey, privateKey: k.privateKey };
}

/** The key pair, the same for every instance on this database (cached per database handle). */
export function vapidKeys(db: DbOrTx): Promise<VapidKeys> {
  let k = cache.get(db);
  if (!k) {
    k = load(db);
    k.catch(() => cache.delete(db));
    cache.set(db, k);
  }
  return k;
}
