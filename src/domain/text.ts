/** How text typed by a person is stored: Vietnamese in NFC, so that the same word compares equal. */

/** One-line text (a title, a name): NFC, runs of white space collapsed to one space, trimmed. */
export const oneLine = (s: string): string => s.normalize("NFC").replace(/\s+/g, " ").trim();

/** Multi-line text (a description, a summary): NFC and trimmed, line breaks kept. */
export const textBlock = (s: string): string => s.normalize("NFC").trim();
