/**
 * Load with wrk (Debian's `wrk`, one thread) on loopback, for the HTTP benches. autocannon saturates its own
 * core near 2,000 requests/s and hid the gap. Each run also reports how busy wrk itself was (its CPU time
 * over the run, from /proc): near 100 % of a core, the load generator and not the server is the limit.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import Fastify from "fastify";

export interface WrkResult {
  rps: number;
  p50: string;
  p99: string;
  /** wrk's own CPU over the run, in % of one core. */
  wrkCpu: number;
  /** This process's CPU over the run (the server under test runs here), in % of one core. */
  serverCpu: number;
}

const TICK = 100; // USER_HZ on Linux

function cpuTicks(pid: number): number {
  try {
    // utime and stime are fields 14 and 15; the command name (field 2) may hold spaces, so count after ")".
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return Number.NaN;
  }
}

/** One wrk run against `url`; every answer must be 2xx/3xx and no socket may fail. */
export function wrk(
  url: string,
  o: { seconds: number; connections: number; headers?: Record<string, string> },
): Promise<WrkResult> {
  const args = ["-t1", `-c${o.connections}`, `-d${o.seconds}s`, "--latency", "--timeout", "30s"];
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push("-H", `${k}: ${v}`);
  return new Promise((resolve, reject) => {
    const child = spawn("wrk", [...args, url]);
    let stdout = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stdout += d;
    });
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    let ticks = 0;
    // The last sample before wrk exits: /proc/<pid> is gone once it has.
    const sampler = setInterval(() => {
      const t = cpuTicks(child.pid!);
      if (!Number.isNaN(t)) ticks = t;
    }, 200);
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(sampler);
      const elapsedS = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
      const p50 = /\s50%\s+([\d.]+\w+)/.exec(stdout)?.[1] ?? "?";
      const p99 = /\s99%\s+([\d.]+\w+)/.exec(stdout)?.[1] ?? "?";
      const bad = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
      const errors = /Socket errors: (.*)/.exec(stdout)?.[1];
      if (code !== 0 || !(rps > 0) || bad > 0 || errors) return reject(new Error(`${url}: ${stdout}`));
      resolve({
        rps,
        p50,
        p99,
        wrkCpu: Math.round(((ticks / TICK) * 100) / o.seconds),
        serverCpu: Math.round(((cpu.user + cpu.system) / 1e6 / elapsedS) * 100),
      });
    });
  });
}

/** Checks one request's status before loading it (wrk only counts non-2xx/3xx). */
export async function expectStatus(url: string, headers: Record<string, string>, status: number) {
  const res = await fetch(url, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== status) throw new Error(`${url}: ${res.status}, expected ${status}`);
  return { headers: res.headers, body };
}

/**
 * The bare twin: a Fastify with no plugin and no hook, serving `body` with its ETag at the same path shape
 * (304 on a matching If-None-Match): what serving these bytes costs with nothing else to do.
 */
export async function bareTwin(files: Record<string, { body: Buffer; etag: string; type: string }>) {
  const bare = Fastify({ logger: false });
  bare.get("/feeds/:name", async (request, reply) => {
    const f = files[(request.params as { name: string }).name];
    if (!f) return reply.code(404).send();
    reply.header("etag", f.etag);
    if (request.headers["if-none-match"] === f.etag) return reply.code(304).send();
    return reply.type(f.type).send(f.body);
  });
  await bare.listen({ host: "127.0.0.1", port: 0 });
  return { app: bare, base: baseOf(bare.server.address()) };
}

export function baseOf(address: ReturnType<import("node:net").Server["address"]>): string {
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}

/** "1.23ms" / "45.6us" / "2.1s" in milliseconds. */
export function ms(s: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(s);
  if (!m) return Number.NaN;
  return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
}
