/**
 * Remembers the UTC offset luxon computes for an instant in a named zone. luxon asks `Intl` for it
 * (`formatToParts`) every time a DateTime is made in or moved within a zone, and a page makes hundreds
 * (each meeting's start and end, the day's start, the countdown): it was the costliest part of rendering
 * the home (bench/README.md, issue 17). The offset of an instant in a zone never changes while the process
 * runs (tz data is loaded once), so the memo is exact; the same meetings' instants come back request after
 * request. Bounded: emptied when it holds 50,000 instants of a zone.
 */
import { IANAZone } from "luxon";

const MAX_PER_ZONE = 50_000;
const proto = IANAZone.prototype as IANAZone & { __offsetMemo?: true };

if (!proto.__offsetMemo) {
  const compute = proto.offset;
  const memo = new WeakMap<IANAZone, Map<number, number>>();
  proto.offset = function offset(this: IANAZone, ts: number): number {
    let known = memo.get(this);
    if (!known) {
      known = new Map();
      memo.set(this, known);
    }
    const hit = known.get(ts);
    if (hit !== undefined) return hit;
    const o = compute.call(this, ts);
    if (Number.isNaN(o)) return o;
    if (known.size >= MAX_PER_ZONE) known.clear();
    known.set(ts, o);
    return o;
  };
  proto.__offsetMemo = true;
}
