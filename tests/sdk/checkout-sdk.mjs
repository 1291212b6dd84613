// Loads the checkout functions of Mileston's checkout SDK
// (mileston-payment-client, unchanged) in node, pointed at the sandbox; shared
// by checkout.mjs and bytes.mjs.
//
// The package is mostly React UI, which does not load in node. esbuild
// bundles its own ESM build (dist/index.mjs) from an entry that exports only
// these functions; every import the package makes of its dependencies (React,
// wallet adapters, viem, CSS) resolves to an inert stand-in, so its module
// code loads. After it has loaded, any touch of a stand-in is recorded: the
// scripts report whether the functions under test reached one (they must
// not).

import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { NODE_DIR, requireInstalled, toSandbox } from "./harness.mjs";

const esbuild = requireInstalled("esbuild");

const touched = new Set();
let armed = false;

/// A stand-in for a dependency: callable, constructible, every property
/// another stand-in; once armed, each use is recorded.
function inert(name) {
  const use = () => {
    if (armed) touched.add(name);
    return inert(name);
  };
  // esbuild's CommonJS interop reads named imports through the prototype.
  const members = new Proxy({}, { get: (_, p) => (p === "__esModule" ? undefined : use()) });
  return new Proxy(function () {}, {
    get: (_, p) => (p === "__esModule" ? undefined : use()),
    apply: use,
    construct: use,
    getPrototypeOf: () => members,
  });
}
globalThis.__unusedDependency = inert;

const EXPORTS = [
  "fetchPayment",
  "savePayment",
  "verifyPaymentWithWallet",
  "getPaymentWallet",
  "fetchSubWallets",
];

/// The checkout functions (and the `extra` ones named), with the global
/// `fetch` they call sending each request to the sandbox (only the origin
/// changes). Returns them, the files the bundle's code comes from, and the
/// stand-ins touched so far.
export async function loadCheckoutSdk(extra = []) {
  const built = await esbuild.build({
    stdin: {
      contents: `export { ${[...EXPORTS, ...extra].join(", ")} } from "mileston-payment-client";`,
      resolveDir: NODE_DIR,
      loader: "js",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    // The package's ESM build, so that esbuild drops the UI nobody imports.
    mainFields: ["module", "main"],
    absWorkingDir: NODE_DIR,
    write: false,
    metafile: true,
    logLevel: "error",
    plugins: [
      {
        name: "unused-dependencies",
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.importer.includes(`${path.sep}mileston-payment-client${path.sep}`)
              ? { path: args.path, namespace: "unused" }
              : undefined,
          );
          b.onLoad({ filter: /.*/, namespace: "unused" }, (args) => ({
            contents: `module.exports = globalThis.__unusedDependency(${JSON.stringify(args.path)});`,
            loader: "js",
          }));
        },
      },
    ],
  });
  const bundleFile = path.join(NODE_DIR, "checkout-sdk.bundle.mjs");
  writeFileSync(bundleFile, built.outputFiles[0].text);
  const sdk = await import(pathToFileURL(bundleFile).href);
  /// The files the bundle's code comes from: the package's own build only.
  const bundleFiles = Object.keys(built.metafile.inputs).filter(
    (f) => !f.startsWith("unused:") && f !== "<stdin>",
  );

  // The checkout SDK calls the global fetch; only the origin changes.
  globalThis.fetch = (input, init) => globalThis.sandboxFetch(toSandbox(String(input)), init);
  armed = true;
  return { sdk, bundleFiles, touched: () => [...touched] };
}
