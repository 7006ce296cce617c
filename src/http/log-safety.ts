/**
 * What may reach the logs. Errors from the database carry the statement's parameters (drizzle puts them in
 * the message) and PostgreSQL's detail quotes key values: both can hold an email address. The error
 * serializer keeps the kind of error, its code and where it came from, and masks every address.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@([\p{L}\p{N}-]+\.)+[\p{L}]{2,}/gu;

export function maskEmails(text: string): string {
  return text.replace(EMAIL, (address) => `${address.slice(0, 2)}***@${address.split("@")[1]}`);
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  stack?: string;
  detail?: string;
  constraint?: string;
  cause?: unknown;
}

/** A pino `err` serializer: no statement parameters, no full addresses. */
export interface SafeError {
  type: string;
  message: string;
  stack: string;
  [key: string]: unknown;
}

export function safeError(value: unknown): SafeError {
  if (!value || typeof value !== "object")
    return { type: "Error", message: maskEmails(String(value)), stack: "" };
  const e = value as ErrorLike;
  // drizzle: "Failed query: <sql>\nparams: <values>" — the values are the users' data.
  const message = maskEmails((e.message ?? "").replace(/\nparams:[\s\S]*$/, "\nparams: [omitted]"));
  const stack = e.stack
    ? maskEmails(e.stack.replace(/\nparams:[\s\S]*?(\n\s+at )/, "\nparams: [omitted]$1"))
    : "";
  const out: SafeError = { type: e.name ?? "Error", message, stack };
  if (e.code) out.code = e.code;
  if (e.constraint) out.constraint = e.constraint;
  if (e.detail) out.detail = maskEmails(e.detail);
  if (e.cause) out.cause = safeError(e.cause);
  return out;
}
