/**
 * `npm run test:unit`: the tests that need neither PostgreSQL nor a browser, in seconds, without the global
 * setup that starts a database. `npm test` (vitest.config.ts) runs these and all the others. A test listed
 * here that reaches for the database fails at once (no server is provided), so the list can only be short.
 */
import { defineConfig } from "vitest/config";

export const UNIT_TESTS = [
  "tests/domain/**/*.test.ts",
  "tests/architecture/policy.test.ts",
  "tests/architecture/migrations.test.ts",
  "tests/campaigns/seed-campaign.test.ts",
  "tests/feeds/feed-cache.test.ts",
  "tests/organisation/member-csv.test.ts",
  "tests/plan/page-freshness.test.ts",
  "tests/reminders/invite-template.test.ts",
  "tests/server/deploy.test.ts",
  "tests/server/package.test.ts",
  "tests/web/page-cache-unit.test.ts",
  "tests/web/qr.test.ts",
];

export default defineConfig({
  test: {
    include: UNIT_TESTS,
    pool: "threads",
    testTimeout: 30_000,
    env: { TZ: "UTC" },
  },
});
