/** Debian packages a benchmark needs, installed when missing (as `npm test` does for the tests). */
import { spawnSync } from "node:child_process";

export function ensureDebianPackage(command: string, pkg: string): void {
  if (spawnSync(command, ["--version"]).error === undefined) return;
  console.log(`Installing ${pkg} (Debian package)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () =>
    spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", pkg], { stdio: "ignore", env }).status === 0;
  if (install()) return;
  spawnSync("apt-get", ["update", "-qq"], { stdio: "ignore", env });
  if (!install()) throw new Error(`This benchmark needs ${command}: install it with  apt-get install ${pkg}`);
}
