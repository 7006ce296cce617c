/**
 * A fixture's `region_id` (the distribution column, src/db/distribution.ts) read from its parent, for rows
 * the tests insert directly. The service computes it the same way before it writes (a branch takes its
 * committee's region, everything of a branch the branch's), so a fixture and a real row cannot differ.
 */
import { sql } from "drizzle-orm";

export const regionOfCommittee = (committeeId: string) =>
  sql<string>`(select region_id from committees where id = ${committeeId}::uuid)`;
export const regionOfBranch = (branchId: string) =>
  sql<string>`(select region_id from branches where id = ${branchId}::uuid)`;
export const regionOfMeeting = (meetingId: string) =>
  sql<string>`(select region_id from meetings where id = ${meetingId}::uuid)`;
