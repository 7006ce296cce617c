/**
 * The role matrices' common words (tests/organisation/role-matrix.test.ts, tests/plan/role-matrix.test.ts):
 * the eight callers — the administrator, the officers of the committees P (the branches' line) and S (a
 * sibling), the secretaries of branches A and B, a member of A, a member who left A, and nobody signed in —
 * and a row of the statuses each must get.
 */
export const ACTORS = ["admin", "officerP", "officerS", "secA", "secB", "memA", "left", "anon"] as const;
export type Actor = (typeof ACTORS)[number];
export type Headers = Record<string, string>;

export type Request = {
  method: string;
  url: string;
  payload?: unknown;
  headers?: Headers;
  /** Ids whose existence must not leak: a 404 must read like the 404 for one of them replaced by a
   * random id. */
  subjects?: string[];
};
/** Builds the request at call time: ids exist only after set-up, and some writes need fresh targets. */
export type Row = [
  family: string,
  expected: Record<Actor, number>,
  request: () => Request | Promise<Request>,
];

/** The statuses, in the order of `ACTORS`. */
export const row = (
  admin: number,
  officerP: number,
  officerS: number,
  secA: number,
  secB: number,
  memA: number,
  left: number,
  anon: number,
): Record<Actor, number> => ({ admin, officerP, officerS, secA, secB, memA, left, anon });
