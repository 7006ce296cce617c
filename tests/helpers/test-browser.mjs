/**
 * `npm test` runs this first (the `pretest` script). The page tests drive Debian's Chromium through
 * playwright-core (never a downloaded browser), with fonts that have Vietnamese (fonts-noto-core). On a
 * fresh Debian machine, as root (CI's container), it installs both; anywhere else it says in one line what
 * to install and stops the run, rather than letting forty browser tests fail one by one.
 * Plain JavaScript: it runs before anything is built, on any Node.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

// CI's log shows which Node runs the tests: package.json's `node` devDependency, first on npm's PATH.
console.log(`npm test: Node ${process.version}`);

const own = process.env.CHROMIUM_PATH;
const chromium = own ?? "/usr/bin/chromium";
const fonts = "/usr/share/fonts/truetype/noto";

// Someone who points CHROMIUM_PATH at a browser of their own chose its fonts too.
if (existsSync(chromium) && (own !== undefined || existsSync(fonts))) process.exit(0);

const debianRoot = own === undefined && existsSync("/etc/debian_version") && process.getuid?.() === 0;
if (!debianRoot) {
  console.error(
    own !== undefined
      ? `npm test: CHROMIUM_PATH=${own} does not exist; point it at a Chromium or Chrome binary.`
      : "npm test: the page tests need Chromium at /usr/bin/chromium and Noto fonts: on Debian/Ubuntu " +
          "`sudo apt-get install chromium fonts-noto-core`; elsewhere install Chromium and set CHROMIUM_PATH.",
  );
  process.exit(1);
}

console.log("npm test: installing Debian's chromium and fonts-noto-core for the page tests (apt-get)");
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
execFileSync("apt-get", ["install", "-y", "-qq", "chromium", "fonts-noto-core"], { stdio: "inherit", env });
