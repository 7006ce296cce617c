/** mulberry32: numbers in [0, 1) from `seed`, the same on every run, for the tests that check an SQL rule
 * against its TypeScript over generated cases. */
export function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + Math.imul(t ^ (t >>> 14), 61 | t));
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
