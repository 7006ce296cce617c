/**
 * Invites for many attendees of one meeting: `buildInvite` is run once with a placeholder attendee, and each
 * recipient's copy swaps in their name and address, refolded with ical.ts's own `foldLine`. The output equals
 * `buildInvite` with the real attendee (a test holds it to that); it spares ~1 ms per message.
 */
import { buildInvite, foldLine, type InviteInput } from "../domain/ical.ts";

const NAME = "CHIBOATTENDEENAME";
const EMAIL = "chibo-attendee@placeholder.invalid";
const MARK = `CN="${NAME}":MAILTO:${EMAIL}`;

/** As ical.ts writes a quoted parameter: no DQUOTE or control characters, spaces collapsed. */
function paramText(s: string): string {
  return s
    .normalize("NFC")
    .replace(/["\p{Cc}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export type InviteFor = (attendee: { name: string; email: string }) => string;

export function inviteTemplate(input: Omit<InviteInput, "attendee">): InviteFor {
  const lines = buildInvite({ ...input, attendee: { name: NAME, email: EMAIL } })
    .replace(/\r\n[ \t]/g, "")
    .replace(/\r\n$/, "")
    .split("\r\n");
  const at = lines.findIndex((l) => l.startsWith("ATTENDEE") && l.endsWith(MARK));
  if (at < 0) {
    // Not the shape we know: build each one in full.
    return (attendee) => buildInvite({ ...input, attendee });
  }
  const head = `${lines.slice(0, at).map(foldLine).join("\r\n")}\r\n`;
  const tail = `\r\n${lines
    .slice(at + 1)
    .map(foldLine)
    .join("\r\n")}\r\n`;
  const prefix = lines[at]!.slice(0, -MARK.length);
  return (attendee) => {
    const name = paramText(attendee.name);
    // ical-generator leaves CN out for an empty name: let it write that rare case itself.
    if (!name || !attendee.email || /[\r\n]/.test(attendee.email)) return buildInvite({ ...input, attendee });
    return `${head}${foldLine(`${prefix}CN="${name}":MAILTO:${attendee.email}`)}${tail}`;
  };
}
