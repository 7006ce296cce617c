/**
 * A push service of the tests' own (RFC 8030) on 127.0.0.1 over HTTPS (web-push speaks only https): it
 * takes each encrypted request, checks its VAPID JWT (RFC 8292: ES256 over the key in `k=`), decrypts the
 * aes128gcm payload (RFC 8291) with the subscription's private key and auth secret made here, and answers
 * with the status the test chooses.
 */
import { execFileSync } from "node:child_process";
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, createServer } from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

export interface Device {
  endpoint: string;
  p256dh: string;
  auth: string;
  /** The browser's private key (P-256) and auth secret: what decrypts. */
  ecdh: ReturnType<typeof createECDH>;
  authSecret: Buffer;
}

export interface Delivered {
  device: string;
  payload: Record<string, string>;
  jwt: { aud: string; exp: number; sub: string };
  vapidKey: string;
  ttl: string | undefined;
  status: number;
}

export interface PushEndpoint {
  url: string;
  /** Trusts the endpoint's self-signed certificate (give it to the push sender). */
  agent: Agent;
  device(name: string): Device;
  delivered: Delivered[];
  /** Requests whose JWT or encryption did not check (each an explanation). */
  broken: string[];
  close(): Promise<void>;
}

const b64u = (b: Buffer) => b.toString("base64url");

function selfSigned(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "push-ep-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        path.join(dir, "k.pem"),
        "-out",
        path.join(dir, "c.pem"),
      ],
      { stdio: "ignore" },
    );
    return { key: readFileSync(path.join(dir, "k.pem")), cert: readFileSync(path.join(dir, "c.pem")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Checks `vapid t=…, k=…` (RFC 8292 §3): ES256 signature by k, answers the claims. */
export function checkVapid(header: string | undefined): { claims: Delivered["jwt"]; key: string } {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? "");
  if (!m) throw new Error(`no VAPID authorization: ${header}`);
  const [h, p, s] = m[1]!.split(".");
  const head = JSON.parse(Buffer.from(h!, "base64url").toString());
  if (head.alg !== "ES256") throw new Error(`alg ${head.alg}`);
  const point = Buffer.from(m[2]!, "base64url");
  const key = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: b64u(point.subarray(1, 33)), y: b64u(point.subarray(33, 65)) },
    format: "jwk",
  });
  const ok = verify(
    "sha256",
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: "ieee-p1363" },
    Buffer.from(s!, "base64url"),
  );
  if (!ok) throw new Error("VAPID signature does not verify");
  return { claims: JSON.parse(Buffer.from(p!, "base64url").toString()), key: m[2]! };
}

/** RFC 8291 §3.4 + RFC 8188: one record, keyid = the server's ephemeral public key. */
export function decrypt(body: Buffer, d: Pick<Device, "ecdh" | "authSecret">): string {
  const salt = body.subarray(0, 16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const uaPublic = d.ecdh.getPublicKey();
  const ecdhSecret = d.ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync("sha256", ecdhSecret, d.authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const plain = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  // Padding: the last record ends with 0x02 then zeros.
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error("bad padding delimiter");
  return plain.subarray(0, end).toString("utf8");
}

export async function startPushEndpoint(
  answer: (device: string, seen: number) => number = () => 201,
): Promise<PushEndpoint> {
  const { key, cert } = selfSigned();
  const devices = new Map<string, Device>();
  const seen = new Map<string, number>();
  const delivered: Delivered[] = [];
  const broken: string[] = [];
  const server = createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const name = decodeURIComponent((req.url ?? "").replace(/^\/push\//, ""));
      const d = devices.get(name);
      const n = seen.get(name) ?? 0;
      seen.set(name, n + 1);
      const status = d ? answer(name, n) : 404;
      try {
        if (!d) throw new Error(`unknown device ${name}`);
        if (req.headers["content-encoding"] !== "aes128gcm") throw new Error("not aes128gcm");
        const v = checkVapid(req.headers.authorization);
        const payload = JSON.parse(decrypt(Buffer.concat(chunks), d));
        delivered.push({
          device: name,
          payload,
          jwt: v.claims,
          vapidKey: v.key,
          ttl: req.headers.ttl as string,
          status,
        });
      } catch (e) {
        broken.push(`${name}: ${(e as Error).message}`);
      }
      res.writeHead(status, status === 201 ? { location: `/msg/${delivered.length}` } : {}).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    agent: new Agent({ ca: cert, keepAlive: true, maxSockets: 16 }),
    delivered,
    broken,
    device(name: string): Device {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const authSecret = randomBytes(16);
      const d = {
        endpoint: `${url}/push/${encodeURIComponent(name)}`,
        p256dh: b64u(ecdh.getPublicKey()),
        auth: b64u(authSecret),
        ecdh,
        authSecret,
      };
      devices.set(name, d);
      return d;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
