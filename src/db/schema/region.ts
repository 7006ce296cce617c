/** The link every distributed row makes to its parent: by (id, region_id), so that a row's region is always
 * its parent's and follows it when a branch moves to another province (src/db/distribution.ts). */
import { type AnyPgColumn, foreignKey, primaryKey, uuid } from "drizzle-orm/pg-core";

export function regionLink(
  name: string,
  column: AnyPgColumn,
  regionId: AnyPgColumn,
  parent: { key: AnyPgColumn; regionId: AnyPgColumn },
  onDelete: "cascade" | "restrict",
) {
  return foreignKey({ name, columns: [column, regionId], foreignColumns: [parent.key, parent.regionId] })
    .onDelete(onDelete)
    .onUpdate("cascade");
}

/** A distributed row's own columns: its id and its region (the distribution column, src/db/distribution.ts). */
export const regionRow = () => ({
  id: uuid("id").notNull().defaultRandom(),
  regionId: uuid("region_id").notNull(),
});

/** A distributed row's primary key: (id, region_id), as Citus needs the distribution column in it. */
export const regionKey = (name: string, t: { id: AnyPgColumn; regionId: AnyPgColumn }) =>
  primaryKey({ name, columns: [t.id, t.regionId] });
