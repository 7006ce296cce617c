/** The link every distributed row makes to its parent: by (id, region_id), so that a row's region is always
 * its parent's and follows it when a branch moves to another province (src/db/distribution.ts). */
import { type AnyPgColumn, foreignKey } from "drizzle-orm/pg-core";

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
