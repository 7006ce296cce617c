/** Names and places typed by people: NFC, single spaces, trimmed. */
export const nfc = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim();
