/**
 * The domain every Message-ID of the service ends in: MAIL_FROM's (the sender's domain, which is what
 * receiving servers and threading expect), the same for reminders and password resets.
 */
export function mailHost(mailFrom: string): string {
  const m = /@([^\s>]+)/.exec(mailFrom);
  return (m?.[1] ?? "chibo.local").toLowerCase();
}
