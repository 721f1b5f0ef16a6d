// Copies the front-end packages jiangxin serves into build/static/vendor.
// Run by `make assets` after `npm ci`; nothing is fetched at run time.
import { copyFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static", "vendor");
mkdirSync(out, { recursive: true });

const files = [
  ["node_modules/htmx.org/dist/htmx.min.js", "htmx.min.js"],
  ["node_modules/@picocss/pico/css/pico.min.css", "pico.min.css"],
  ["node_modules/echarts/dist/echarts.min.js", "echarts.min.js"],
];
for (const [from, to] of files) {
  const src = join(root, from);
  if (!existsSync(src)) {
    console.error(`missing ${from}: run npm ci first`);
    process.exit(1);
  }
  copyFileSync(src, join(out, to));
  console.log(`vendor/${to}`);
}
