/**
 * The order of Vietnamese names on a roll (danh sách đảng viên, sổ điểm danh): by the given name (the
 * last word), then the middle names, then the family name, each compared in the Vietnamese alphabet
 * a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f, j, w, z of foreign names in Latin
 * order), tones only when the letters tie (ngang, huyền, hỏi, ngã, sắc, nặng), then case. Pure; does not
 * depend on the runtime's ICU data (a Node built with small-icu has no Vietnamese collation).
 */

/** The alphabet, with the foreign letters where the Latin alphabet puts them. */
const ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split(" ");
const LETTER_RANK = new Map(ALPHABET.map((l, i) => [l, i]));

/** Combining marks that make a letter of its own (ă â ê ô ơ ư). */
const LETTER_MARKS: Record<string, string> = { "\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b" };
/** Tone marks in the dictionary order; no mark (thanh ngang) comes first. */
const TONE_RANK: Record<string, number> = { "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5 };

interface WordKey {
  /** One code unit per letter, its rank in the alphabet (letters outside it after, by code point). */
  letters: string;
  /** One digit per letter: its tone. */
  tones: string;
  /** One digit per letter: 0 lower case, 1 upper case. */
  cases: string;
}

function wordKey(word: string): WordKey {
  let letters = "";
  let tones = "";
  let cases = "";
  // Each base character with the combining marks that follow it.
  for (const cluster of word.normalize("NFD").match(/\P{M}\p{M}*/gu) ?? []) {
    const base = cluster[0]!;
    const lower = base.toLowerCase();
    let letter = lower;
    let tone = 0;
    for (const mark of cluster.slice(1)) {
      if (LETTER_MARKS[mark]) letter += mark;
      else if (TONE_RANK[mark]) tone = TONE_RANK[mark];
    }
    letter = letter.normalize("NFC");
    const rank = LETTER_RANK.get(letter);
    letters += String.fromCharCode(rank !== undefined ? 0x100 + rank : 0x1000 + (letter.codePointAt(0) ?? 0));
    tones += String(tone);
    cases += lower === base ? "0" : "1";
  }
  return { letters, tones, cases };
}

/** The words of a name in the order a roll compares them: given name, middle names, family name. */
function rollOrder(name: string): string[] {
  const words = name
    .normalize("NFC")
    .trim()
    .split(/[\s\u00a0]+/u)
    .filter(Boolean);
  if (words.length <= 1) return words;
  const given = words[words.length - 1]!;
  const family = words[0]!;
  return [given, ...words.slice(1, -1), family];
}

/** A key whose plain string order (`<`) is the roll's order of names. */
export function viNameKey(name: string): string {
  // The same rosters are sorted on every page: a name's key is computed once (bounded, a pure function).
  let key = keyByName.get(name);
  if (key === undefined) {
    if (keyByName.size >= 20_000) keyByName.clear();
    key = computeKey(name);
    keyByName.set(name, key);
  }
  return key;
}

const keyByName = new Map<string, string>();

function computeKey(name: string): string {
  const words = rollOrder(name).map(wordKey);
  // Words joined by a unit below every letter, so that "An" comes before "Anh"; each level after the last.
  const level = (pick: (w: WordKey) => string) => words.map(pick).join("\u0001");
  return [level((w) => w.letters), level((w) => w.tones), level((w) => w.cases), name.normalize("NFC")].join(
    "\u0000",
  );
}

/** Compares two names as a Vietnamese roll orders them. */
export function compareViNames(a: string, b: string): number {
  const ka = viNameKey(a);
  const kb = viNameKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** A copy of `items` in the roll's order of `nameOf(item)`, each key computed once. */
export function sortByViName<T>(items: readonly T[], nameOf: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, key: viNameKey(nameOf(item)) }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
    .map((x) => x.item);
}
