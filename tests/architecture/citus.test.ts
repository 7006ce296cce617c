/**
 * What can be checked here of the Citus plan (src/db/distribution.ts, docs/scaling.md) without Citus:
 *  - the schema: every table classified once; every distributed table carries region_id (not null) in its
 *    primary key and in every unique key; every link between distributed tables goes by (id, region_id);
 *    no reference or coordinator table has a foreign key to a distributed one (Citus refuses both);
 *  - the hot queries, as the SQL they really send (captured from pg on the real database): the branch ones
 *    read meetings by one branch and its region, the committee ones by the committee's subtree and, below
 *    the provinces, its region; the reminder claim filters on neither (all shards by nature).
 */
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { newToken, tokenHash } from "../../src/auth/secrets.ts";
import {
  DISTRIBUTED_TABLES,
  DISTRIBUTION_COLUMN,
  HOT_QUERIES,
  LOCAL_TABLES,
  REFERENCE_TABLES,
} from "../../src/db/distribution.ts";
import * as schema from "../../src/db/schema.ts";
import { synthesise } from "../../src/organisation/synth.ts";
import { fileTransport } from "../../src/reminders/mail-transport.ts";
import { sendDue } from "../../src/reminders/reminder-outbox.ts";
import { scheduleReminders } from "../../src/reminders/reminder-schedule.ts";
import { buildTestApp } from "../helpers/app.ts";

const tables = Object.values(schema as Record<string, unknown>)
  .filter(
    (v): v is PgTable => typeof v === "object" && v !== null && Symbol.for("drizzle:IsDrizzleTable") in v,
  )
  .map((t) => getTableConfig(t));
const byName = new Map(tables.map((t) => [t.name, t]));

function keys(name: string) {
  const t = byName.get(name)!;
  const pk = [
    ...t.columns.filter((c) => c.primary).map((c) => c.name),
    ...t.primaryKeys.flatMap((k) => k.columns.map((c) => c.name)),
  ];
  const uniques = [
    ...t.indexes
      .filter((i) => i.config.unique)
      .map((i) => i.config.columns.map((c) => (c as { name: string }).name)),
    ...t.uniqueConstraints.map((u) => u.columns.map((c) => c.name)),
    ...t.columns.filter((c) => c.isUnique).map((c) => [c.name]),
  ];
  return { pk, uniques, columns: t.columns.map((c) => c.name) };
}

describe("the Citus plan, on the schema", () => {
  it("classifies every table exactly once", () => {
    const classified = [...DISTRIBUTED_TABLES, ...REFERENCE_TABLES, ...LOCAL_TABLES];
    expect(new Set(classified).size).toBe(classified.length);
    expect([...classified].sort()).toEqual(tables.map((t) => t.name).sort());
  });

  it("puts region_id, not null, in every distributed table's primary key and unique keys", () => {
    for (const name of DISTRIBUTED_TABLES) {
      const k = keys(name);
      const column = byName.get(name)!.columns.find((c) => c.name === DISTRIBUTION_COLUMN);
      expect(column?.notNull, `${name}.${DISTRIBUTION_COLUMN}`).toBe(true);
      expect(k.pk, `${name} primary key`).toContain(DISTRIBUTION_COLUMN);
      for (const u of k.uniques)
        expect(u, `${name} unique key ${u.join(",")}`).toContain(DISTRIBUTION_COLUMN);
    }
  });

  it("links distributed tables by (id, region_id), and nothing else to them", () => {
    const distributed = new Set<string>(DISTRIBUTED_TABLES);
    const links = tables.flatMap((t) =>
      t.foreignKeys.map((fk) => {
        const ref = fk.reference();
        return {
          from: t.name,
          to: getTableConfig(ref.foreignTable).name,
          columns: ref.columns.map((c) => c.name),
          foreignColumns: ref.foreignColumns.map((c) => c.name),
        };
      }),
    );
    const intoDistributed = links.filter((l) => distributed.has(l.to));
    expect(intoDistributed.length).toBeGreaterThanOrEqual(15);
    for (const l of intoDistributed) {
      expect(distributed.has(l.from), `${l.from} → ${l.to}: only distributed tables may link to one`).toBe(
        true,
      );
      expect(l.columns, `${l.from} → ${l.to}`).toContain(DISTRIBUTION_COLUMN);
      expect(l.foreignColumns.indexOf(DISTRIBUTION_COLUMN), `${l.from} → ${l.to}`).toBe(
        l.columns.indexOf(DISTRIBUTION_COLUMN),
      );
    }
    // A branch's region is its committee's: the link to the (reference) committee carries it too.
    expect(links).toContainEqual({
      from: "branches",
      to: "committees",
      columns: ["committee_id", DISTRIBUTION_COLUMN],
      foreignColumns: ["id", DISTRIBUTION_COLUMN],
    });
  });
});

describe("the Citus plan, on the hot queries", async () => {
  const t = await buildTestApp({ now: "2026-05-01T00:00:00Z" });
  const { db } = t.database;
  const s = await synthesise(t.app.deps, {
    branches: 6,
    members: 30,
    committees: [1, 1, 2],
    secretaryUsers: 6,
    password: "mật-khẩu-kiểm-tra-citus",
    months: 12,
    plan: true,
  });
  const [branch] = (
    await t.database.pool.query<{ id: string }>(
      "select b.id from branches b join committees c on c.id = b.committee_id where $1::uuid = any(c.ancestor_ids) limit 1",
      [s.rootCommitteeId],
    )
  ).rows;
  const [commune] = (
    await t.database.pool.query<{ id: string }>(
      "select id from committees where $1::uuid = any(ancestor_ids) and cardinality(ancestor_ids) = 4 limit 1",
      [s.rootCommitteeId],
    )
  ).rows;
  const tokens = { branch: newToken(), committee: newToken() };
  await t.database.pool.query(
    "insert into feed_tokens (kind, token_hash, branch_id, committee_id, region_id) values " +
      "('branch', $1, $2, null, (select region_id from branches where id = $2)), " +
      "('committee', $3, null, $4, (select region_id from committees where id = $4))",
    [tokenHash(tokens.branch), branch!.id, tokenHash(tokens.committee), commune!.id],
  );
  const officer = await t.login(s.officerEmail, "mật-khẩu-kiểm-tra-citus");

  /** Every statement pg sends while `fn` runs. */
  async function captured(fn: () => Promise<unknown>): Promise<string[]> {
    const texts: string[] = [];
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0];
      texts.push(typeof q === "string" ? q : ((q as { text?: string })?.text ?? ""));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    try {
      await fn();
    } finally {
      pg.Client.prototype.query = original;
    }
    return texts;
  }
  const reads = (texts: string[], table: string) =>
    texts.filter((q) => new RegExp(`(from|join)\\s+"?${table}"?\\b`, "i").test(q));
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method: "GET", url, headers });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
  };

  it("branch feed and meetingsOfBranch: meetings read by one branch", async () => {
    expect(HOT_QUERIES.branchFeed).toBe("branch");
    const feed = reads(await captured(() => get(`/feeds/${tokens.branch}.ics`)), "meetings");
    const plan = reads(
      await captured(() => get(`/api/branches/${branch!.id}/plan?from=2026-05-01&to=2027-04-30`, officer)),
      "meetings",
    );
    for (const q of [...feed, ...plan]) {
      expect(q).toMatch(/"?branch_id"?\s*=\s*(\$\d+|any)/i);
      expect(q).toMatch(/"?region_id"?\s*=\s*(\$\d+|any|\(select region_id from t\))/i);
    }
    expect(feed.length + plan.length).toBeGreaterThan(0);
  });

  it("committee feed and report: meetings read by the committee's subtree", async () => {
    expect(HOT_QUERIES.committeeReport).toBe("committee");
    const feed = reads(await captured(() => get(`/feeds/${tokens.committee}.ics`)), "meetings");
    const report = reads(
      await captured(() => get(`/api/reports/committees/${commune!.id}?year=2026`, officer)),
      "meetings",
    );
    expect(feed.length).toBeGreaterThan(0);
    expect(report.length).toBeGreaterThan(0);
    for (const q of [...feed, ...report]) {
      expect(q).toMatch(/ancestor_ids|"?branch_id"?\s*=\s*any/i);
      // A commune is below its province: its reads stay in the province's region.
      expect(q).toMatch(/"?region_id"?\s*=\s*(\$\d+|any|\(select region_id from t\))/i);
    }
  });

  it("reminder claim: no tenant filter (all shards by nature)", async () => {
    expect(HOT_QUERIES.remindersClaim).toBe("all-shards");
    await scheduleReminders(db, new Date("2026-05-01T00:00:00Z"), {
      mailFrom: "chibo <no-reply@chibo.test>",
    });
    const texts = await captured(() =>
      sendDue(db, fileTransport("/tmp/chibo-citus-outbox"), new Date("2026-06-30T00:00:00Z"), 10, {
        config: t.app.deps.config,
      } as Parameters<typeof sendDue>[4]),
    );
    const claim = texts.filter((q) => /skip locked/i.test(q));
    expect(claim).toHaveLength(1);
    // It names rows by their whole key (id, region_id), but filters on no branch or region.
    expect(claim[0]).not.toMatch(/(branch_id|region_id)\s*(=|in)\s*(\$\d+|any|\()/i);
  });
});
