/** Reads and writes of the admins' holiday edits (`holiday_overrides`), `(db | tx, params)`: no caller, no rules. */
import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { DbOrTx } from "../db/client.ts";
import { holidayOverrides } from "../db/schema.ts";

export interface StoredOverride {
  date: string;
  action: "add" | "remove";
  name: string | null;
  createdBy: string | null;
  updatedAt: Date;
}

/** The edits of the dates `from`…`to` (inclusive), by date. */
export async function overridesBetween(db: DbOrTx, from: string, to: string): Promise<StoredOverride[]> {
  return db
    .select({
      date: holidayOverrides.date,
      action: holidayOverrides.action,
      name: holidayOverrides.name,
      createdBy: holidayOverrides.createdBy,
      updatedAt: holidayOverrides.updatedAt,
    })
    .from(holidayOverrides)
    .where(and(gte(holidayOverrides.date, from), lte(holidayOverrides.date, to)))
    .orderBy(asc(holidayOverrides.date));
}

/** Adds or replaces the edit of one date. */
export async function upsertOverride(
  db: DbOrTx,
  values: { date: string; action: "add" | "remove"; name: string | null; userId: string },
  now: Date,
) {
  const { date, action, name, userId } = values;
  const [row] = await db
    .insert(holidayOverrides)
    .values({ date, action, name, createdBy: userId, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: holidayOverrides.date,
      set: { action, name, createdBy: userId, updatedAt: now },
    })
    .returning({ date: holidayOverrides.date, action: holidayOverrides.action, name: holidayOverrides.name });
  return row!;
}

/** Drops the edit of a date; false when there was none. */
export async function deleteOverride(db: DbOrTx, date: string): Promise<boolean> {
  const gone = await db
    .delete(holidayOverrides)
    .where(eq(holidayOverrides.date, date))
    .returning({ id: holidayOverrides.id });
  return gone.length > 0;
}
