// Finishes pkg/ after wasm-pack has built pkg/node and pkg/web:
//  - writes pkg/package.json: the published manifest, with an exports map that puts `types`
//    first, a `node` condition (the CommonJS nodejs build) and a default (the ES module web build);
//  - writes node-sink.d.cts (CommonJS typings of the `webhook-delete/node` subpath);
//  - marks pkg/node as CommonJS, so that `require` and `import` both work on every Node >= 20
//    without require(esm), and checks no JS snippet needs converting;
//  - drops `[Symbol.dispose]` declarations (they need lib esnext.disposable);
//  - replaces `any` in wasm-bindgen's raw `InitOutput` interface of the web typings with
//    `unknown`, then fails if any `any` is left in a published .d.ts.
import { existsSync, readFileSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
// The folder being finished: pkg/, or the staging folder scripts/build.sh passes.
const pkg = process.argv[2] ? join(root, process.argv[2]) : join(root, "pkg");
const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const field = (name) => cargo.match(new RegExp(`^${name} = "([^"]*)"`, "m"))[1];

const manifest = {
  name: "webhook-delete",
  version: field("version"),
  description: field("description"),
  license: field("license"),
  repository: field("repository"),
  keywords: ["webhook", "webhooks", "delete", "bulk", "audit", "retry", "exa", "wasm"],
  engines: { node: ">=20" },
  type: "module",
  main: "./node/webhook_delete.js",
  module: "./web/webhook_delete.js",
  types: "./node/webhook_delete.d.ts",
  bin: { "webhook-delete": "./cli.mjs" },
  sideEffects: false,
  exports: {
    ".": {
      node: { types: "./node/webhook_delete.d.ts", default: "./node/webhook_delete.js" },
      types: "./web/webhook_delete.d.ts",
      default: "./web/webhook_delete.js",
    },
    "./node": {
      import: { types: "./node-sink.d.ts", default: "./node-sink.mjs" },
      require: { types: "./node-sink.d.cts", default: "./node-sink.cjs" },
    },
    "./web": { types: "./web/webhook_delete.d.ts", default: "./web/webhook_delete.js" },
    "./package.json": "./package.json",
  },
  files: ["node/", "web/", "node-sink.mjs", "node-sink.cjs", "node-sink.d.ts", "node-sink.d.cts", "cli.mjs", "README.md"],
};
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
writeFileSync(join(pkg, "node", "package.json"), JSON.stringify({ type: "commonjs" }) + "\n");
// The sink's typings serve both module systems; TypeScript wants a .d.cts beside the .cjs.
writeFileSync(join(pkg, "node-sink.d.cts"), readFileSync(join(pkg, "node-sink.d.ts"), "utf8"));

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

// The library ships no JS snippets (the transport is Rust on web-sys); a snippet appearing in the
// nodejs build would be an ES module inside the CommonJS folder, so refuse to publish one.
for (const build of ["node", "web"]) {
  if (existsSync(join(pkg, build, "snippets"))) throw new Error(`${build}/snippets appeared: the nodejs build would need them as CommonJS`);
}

// `[Symbol.dispose]` needs lib esnext.disposable: drop its declarations so consumers on es2022
// libs type-check with skipLibCheck off (the method stays available at runtime).
for (const types of [join(pkg, "node", "webhook_delete.d.ts"), join(pkg, "web", "webhook_delete.d.ts")]) {
  writeFileSync(types, readFileSync(types, "utf8").replace(/^\s*\[Symbol\.dispose\]\(\): void;\n/gm, ""));
}

const webTypes = join(pkg, "web", "webhook_delete.d.ts");
writeFileSync(
  webTypes,
  readFileSync(webTypes, "utf8").replace(/export interface InitOutput \{[\s\S]*?\n\}/, (block) =>
    block.replace(/\bany\b/g, "unknown"),
  ),
);

const anyType = /(:|<|\||=>|,)\s*any\b/;
for (const file of walk(pkg).filter((f) => f.endsWith(".d.ts"))) {
  readFileSync(file, "utf8").split("\n").forEach((line, i) => {
    if (anyType.test(line)) throw new Error(`${file}:${i + 1} has 'any': ${line.trim()}`);
  });
}
