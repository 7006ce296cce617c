/** Every source file under src/ (.ts, .tsx), with its path relative to src/ and its text: what the
 * architecture tests read. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const SRC = path.resolve(import.meta.dirname, "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith(".ts") || e.name.endsWith(".tsx") ? [full] : [];
  });
}

export const files = sourceFiles(SRC).map((f) => ({
  rel: path.relative(SRC, f),
  text: readFileSync(f, "utf8"),
}));
