/**
 * The instance's one listening connection (a `pg.Client` of its own, never a pool client) on the
 * channel the feed triggers notify (migrations/0006_feed_notify.sql). When the connection drops it says
 * so at once and reconnects with back-off (0.1 s doubling to 5 s); when it is back it says so again.
 */
import pg from "pg";

export const FEED_CHANNEL = "chibo_feeds";

export interface ListenerEvents {
  /** Listening: every change committed from now on will be told. */
  up(): void;
  /** Not listening: changes may go untold until `up`. */
  down(err?: unknown): void;
  message(payload: string): void;
}

export class FeedListener {
  private client: pg.Client | null = null;
  private closed = false;
  private delay = 100;
  private timer: NodeJS.Timeout | null = null;
  /** The server process of the listening connection while it listens (tests end it on purpose). */
  pid: number | null = null;
  /** How many times the connection was lost (or could not be made). */
  drops = 0;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly on: ListenerEvents,
  ) {}

  /** Connects once; on failure keeps trying in the background. */
  start(): Promise<void> {
    return this.open();
  }

  /** The notifications sent on this connection, one after another (pg queues overlapping queries on one
   * client, deprecated since pg 8 and refused by pg 9). */
  private sending: Promise<unknown> = Promise.resolve();

  /** Sends a notification on the listening connection itself (the freshness barrier of `FeedLive`). */
  notify(payload: string): Promise<void> {
    const client = this.client;
    if (!client || this.pid === null) return Promise.reject(new Error("feed listener is not connected"));
    const sent = this.sending.then(() => client.query("select pg_notify($1, $2)", [FEED_CHANNEL, payload]));
    this.sending = sent.catch(() => {});
    return sent.then(() => {});
  }

  /** Ends the connection as if it had dropped: used when a notify on it fails. */
  restart(): void {
    void this.client?.end().catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    this.pid = null;
    await client?.end().catch(() => {});
  }

  private async open(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client(this.config);
    this.client = client;
    let lost = false;
    const drop = (err?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.client === client) {
        this.client = null;
        this.pid = null;
      }
      client.removeAllListeners("notification");
      void client.end().catch(() => {});
      if (this.closed) return;
      this.drops++;
      this.on.down(err);
      this.timer = setTimeout(() => void this.open(), this.delay);
      this.timer.unref();
      this.delay = Math.min(this.delay * 2, 5000);
    };
    client.on("error", drop);
    client.on("end", () => drop());
    client.on("notification", (msg) => {
      if (msg.channel === FEED_CHANNEL) this.on.message(msg.payload ?? "");
    });
    try {
      await client.connect();
      await client.query(`listen ${FEED_CHANNEL}`);
      const { rows } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
      if (lost || this.closed) return;
      this.pid = rows[0]!.pid;
      this.delay = 100;
      this.on.up();
    } catch (err) {
      drop(err);
    }
  }
}
