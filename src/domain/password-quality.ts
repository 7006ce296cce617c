/**
 * Passwords too easy to guess: what a guesser tries first. A password is refused when, read without
 * accents, case, spaces and punctuation, it is one trivial piece (a common password or word, a keyboard or
 * alphabet run, a repeated character or unit, the service's name) or two such pieces glued together
 * ("matkhau" + "123", "qwerty" + "1234", "chibo" + "2026"), or the email's local part with at most a
 * number or a run around it ("nguyenvanan1990"). Length is checked apart.
 */

/** The most used passwords and words in them, Vietnamese ones first; compared without accents or spaces. */
const COMMON = new Set([
  "matkhau",
  "matkhaumoi",
  "anhyeuem",
  "emyeuanh",
  "yeuem",
  "yeuanh",
  "iloveyou",
  "vietnam",
  "hanoi",
  "saigon",
  "hochiminh",
  "dangcongsan",
  "chibo",
  "khongbiet",
  "hoilamgi",
  "conmeo",
  "password",
  "passw0rd",
  "pass",
  "admin",
  "administrator",
  "root",
  "user",
  "login",
  "welcome",
  "letmein",
  "qwerty",
  "abc",
  "trustno1",
  "zaq1xsw2",
  "zaq12wsx",
  "1qaz2wsx",
  "qazwsx",
  "football",
  "princess",
  "sunshine",
  "dragon",
  "monkey",
  "master",
  "superman",
  "baseball",
  "computer",
  "internet",
  "secret",
  "test",
  "demo",
  "changeme",
]);

/** Runs a finger or a counter follows; any piece of one, forwards or backwards, is trivial. */
const RUNS = [
  "01234567890",
  "abcdefghijklmnopqrstuvwxyz",
  "qwertyuiop",
  "asdfghjkl",
  "zxcvbnm",
  "1q2w3e4r5t6y7u8i9o0p",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
  "qazwsxedcrfvtgbyhnujmikolp",
];
const RUNS_BOTH_WAYS = [...RUNS, ...RUNS.map((r) => [...r].reverse().join(""))];

/** Lower case, no accents (đ → d), letters and digits only. */
export function passwordSkeleton(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/gi, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** The shortest unit whose repetition makes `s` ("abab" → "ab"). */
function unitOf(s: string): string {
  for (let n = 1; n <= s.length / 2; n++) {
    if (s.length % n === 0 && s.slice(0, n).repeat(s.length / n) === s) return s.slice(0, n);
  }
  return s;
}

/** A piece a guesser tries: a repeat, a short number, a keyboard or alphabet run, or (`words`) a common word. */
function trivial(piece: string, words: boolean): boolean {
  if (piece.length === 0) return true;
  const unit = unitOf(piece);
  if (new Set(unit).size <= 2) return true;
  if (/^\d{1,4}$/.test(unit)) return true; // a year, a short number
  if (words && COMMON.has(unit)) return true;
  return RUNS_BOTH_WAYS.some((r) => r.includes(unit));
}

/**
 * Why a password is too easy to guess, in Vietnamese, or null when it is not. `email` is the account's:
 * its local part (before @) is one of the first guesses.
 */
export function weakPasswordReason(password: string, email: string): string | null {
  const s = passwordSkeleton(password);
  const local = passwordSkeleton(email.split("@")[0] ?? "");
  const twoPieces = (test: (head: string, tail: string) => boolean) => {
    for (let i = 0; i <= s.length; i++) if (test(s.slice(0, i), s.slice(i))) return true;
    return false;
  };
  // The email's name, alone or with a number or run around it ("nguyenvanan1990").
  const onLocal = (piece: string, rest: string) => piece === local && trivial(rest, false);
  if (local.length >= 3 && twoPieces((h, t) => onLocal(h, t) || onLocal(t, h)))
    return "không được dựa trên tên trong địa chỉ email";
  if (twoPieces((h, t) => trivial(h, true) && trivial(t, true)))
    return "quá dễ đoán (mật khẩu phổ biến, dãy phím liền nhau hoặc ký tự lặp lại); hãy dùng một cụm từ dài hơn";
  return null;
}
