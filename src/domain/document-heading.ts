/**
 * How a committee heads and signs the documents it issues, as party documents are written: the code
 * after the number ("Số: …-BC/HU"), the "on behalf of" line over the signer's title ("T/M BAN THƯỜNG VỤ" /
 * "BÍ THƯ"), the place of the date line ("Xín Mần, ngày … tháng … năm …") and the party organisation it
 * belongs to ("ĐẢNG BỘ TỈNH HÀ GIANG" above "HUYỆN ỦY XÍN MẦN"). Each is derived from the committee's name
 * unless the committee set its own. Pure.
 */

export interface DocumentHeading {
  /** After "-BC/": "HU" for a Huyện ủy, "TU" for a Tỉnh/Thành/Thị ủy, "ĐU" for an Đảng ủy, "CB" for a branch. */
  reportCode: string;
  /** The line over the signer's title: "T/M BAN THƯỜNG VỤ", "T/M ĐẢNG ỦY", "T/M CHI BỘ". */
  signedFor: string;
  /** The signer's title: "BÍ THƯ" unless set ("PHÓ BÍ THƯ"). */
  signerTitle: string;
  /** The place of the date line; "" when the name does not say it (the signer writes it by hand). */
  place: string;
}

/** What a committee stored; null means "derived from the name". */
export interface StoredHeading {
  reportCode?: string | null;
  signedFor?: string | null;
  signerTitle?: string | null;
  place?: string | null;
}

interface Kind {
  /** The name's first words, lower case, with "ủy" spelt so. */
  prefix: string;
  code: string;
  signedFor: string;
  /** The party organisation ("Đảng bộ huyện …") whose committee this is. */
  organisation: string;
}

const KINDS: Kind[] = [
  { prefix: "huyện ủy", code: "HU", signedFor: "T/M BAN THƯỜNG VỤ", organisation: "Đảng bộ huyện" },
  { prefix: "quận ủy", code: "QU", signedFor: "T/M BAN THƯỜNG VỤ", organisation: "Đảng bộ quận" },
  { prefix: "thị ủy", code: "TU", signedFor: "T/M BAN THƯỜNG VỤ", organisation: "Đảng bộ thị xã" },
  { prefix: "thành ủy", code: "TU", signedFor: "T/M BAN THƯỜNG VỤ", organisation: "Đảng bộ thành phố" },
  { prefix: "tỉnh ủy", code: "TU", signedFor: "T/M BAN THƯỜNG VỤ", organisation: "Đảng bộ tỉnh" },
  { prefix: "đảng ủy", code: "ĐU", signedFor: "T/M ĐẢNG ỦY", organisation: "Đảng bộ" },
  { prefix: "đảng bộ", code: "ĐU", signedFor: "T/M ĐẢNG ỦY", organisation: "Đảng bộ" },
  { prefix: "chi bộ", code: "CB", signedFor: "T/M CHI BỘ", organisation: "Chi bộ" },
];

/** "Huyện uỷ" (old tone placement) and "Huyện ủy" are the same word. */
const spell = (s: string) =>
  s.normalize("NFC").replace(/uỷ/g, "ủy").replace(/Uỷ/g, "Ủy").replace(/\s+/g, " ").trim();

function kindOf(name: string): { kind: Kind | null; rest: string } {
  const n = spell(name);
  const lower = n.toLocaleLowerCase("vi-VN");
  for (const kind of KINDS) {
    if (lower.startsWith(`${kind.prefix} `) || lower === kind.prefix)
      return { kind, rest: n.slice(kind.prefix.length).trim() };
  }
  return { kind: null, rest: n };
}

/** Words naming an administrative unit before its proper name. */
const UNIT_WORDS = /^(xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh|tp\.?)\s+/i;
/** Names that are not places ("Đảng bộ Sở Ngoại vụ", "Đảng ủy Khối cơ quan"). */
const NOT_A_PLACE =
  /^(sở|ban|cơ quan|khối|công ty|trường|bệnh viện|văn phòng|bộ|tổng|ngân hàng|tổ|thôn|bản)(?=\s|$)/i;

function placeOf(rest: string): string {
  const r = rest.replace(UNIT_WORDS, "");
  if (!r || NOT_A_PLACE.test(r)) return "";
  return r;
}

/** The heading derived from a committee's name alone. */
export function derivedHeading(name: string): DocumentHeading {
  const { kind, rest } = kindOf(name);
  return {
    reportCode: kind?.code ?? "ĐU",
    signedFor: kind?.signedFor ?? "T/M ĐẢNG ỦY",
    signerTitle: "BÍ THƯ",
    place: kind ? placeOf(rest) : "",
  };
}

/** The committee's heading: what it set, else what its name says. */
export function documentHeading(name: string, stored: StoredHeading = {}): DocumentHeading {
  const d = derivedHeading(name);
  const pick = (v: string | null | undefined, fallback: string) => (v?.trim() ? v.trim() : fallback);
  return {
    reportCode: pick(stored.reportCode, d.reportCode),
    signedFor: pick(stored.signedFor, d.signedFor),
    signerTitle: pick(stored.signerTitle, d.signerTitle),
    place: stored.place === undefined || stored.place === null ? d.place : stored.place.trim(),
  };
}

/** A branch signs as its branch committee: "-BC/CB", "T/M CHI BỘ" over "BÍ THƯ". */
export const BRANCH_HEADING: Omit<DocumentHeading, "place"> = {
  reportCode: "CB",
  signedFor: "T/M CHI BỘ",
  signerTitle: "BÍ THƯ",
};

/**
 * The party organisation a committee heads, for the line above the issuer: "Tỉnh ủy Hà Giang" →
 * "Đảng bộ tỉnh Hà Giang", "Đảng ủy phường Minh Khai" → "Đảng bộ phường Minh Khai". A name of no known kind
 * is kept as it is.
 */
export function partyOrganisationOf(name: string): string {
  const { kind, rest } = kindOf(name);
  if (!kind || !rest) return spell(name);
  if (kind.prefix === "đảng bộ" || kind.prefix === "chi bộ") return spell(name);
  return `${kind.organisation} ${rest}`;
}

/** "Huyện ủy Xín Mần" → "huyen-uy-xin-man": for file names. */
export function slug(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
