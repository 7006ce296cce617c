import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/client.ts";
import type { ChannelSenders } from "../reminders/channel-senders.ts";

/** What the app is built from: everything with I/O or time comes in here. */
export interface AppDeps {
  database: Database;
  config: Readonly<Config>;
  clock: Clock;
  /** Senders of the channels beside email (push, Zalo): a channel without one is off and not offered. */
  channels?: ChannelSenders;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module "fastify" {
  interface FastifyInstance {
    deps: AppDeps;
  }
}
