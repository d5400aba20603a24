#!/usr/bin/env bash
# Vendor the GC Design System (GCDS) into static/vendor/gcds/ so that pages
# load every style, script and font from this site and from no other host.
#
#   bash scripts/vendor-gcds.sh      (or: npm run vendor)
#
# Source: node_modules, installed from package-lock.json (`npm ci` is run
# first when the pinned packages are missing or at another version).
#
# Output (the whole directory is rebuilt, so no stale file survives):
#   static/vendor/gcds/gcds.css             GCDS stylesheet, remote URLs made local
#   static/vendor/gcds/gcds.esm.js + p-*.js GCDS loader and the chunks it imports
#   static/vendor/gcds/fonts/gcds-fonts.css @font-face for Lato, Noto Sans, Noto Sans Mono
#   static/vendor/gcds/fonts/<family>/      font files + LICENSE.txt
#   static/vendor/gcds/fonts/icons/         GCDS icon font (+ its optional class CSS)
#
# The script fails if any copied file still loads something over http(s)
# (a url(...) or an @import), or if a url(...) points to a file that was not
# copied.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

NM="$ROOT/node_modules"
DEST="$ROOT/static/vendor/gcds"

# --- 1. make sure the pinned packages are installed -------------------------
installed_matches_pins() {
  node -e '
    const fs = require("fs");
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
    const pins = Object.assign({}, pkg.dependencies, pkg.devDependencies);
    for (const name of ["@gcds-core/components", "@gcds-core/fonts"]) {
      const file = "node_modules/" + name + "/package.json";
      if (!fs.existsSync(file)) process.exit(1);
      if (JSON.parse(fs.readFileSync(file, "utf8")).version !== pins[name]) process.exit(1);
    }
  '
}
if ! installed_matches_pins; then
  echo "vendor-gcds: node_modules missing or not at the pinned versions: running npm ci" >&2
  npm ci --no-audit --no-fund
  installed_matches_pins || { echo "vendor-gcds: npm ci did not install the pinned versions" >&2; exit 1; }
fi

COMP="$NM/@gcds-core/components/dist/gcds"
FONTS="$NM/@gcds-core/fonts/fonts"
COMP_VERSION="$(node -p 'require("./node_modules/@gcds-core/components/package.json").version')"
FONTS_VERSION="$(node -p 'require("./node_modules/@gcds-core/fonts/package.json").version')"

# Build into a temporary directory next to DEST, then swap it in.
mkdir -p "$(dirname "$DEST")"
TMP="$(mktemp -d "$DEST.tmp.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# --- 2. copy the files -------------------------------------------------------
# Fonts: the woff2/woff files named by each family's CSS, and the licence
# (the SIL Open Font Licence asks that it travel with the fonts). The icon
# font keeps every format its own CSS names (eot, ttf, woff, svg: 25 KB).
for family in lato noto-sans noto-sans-mono; do
  mkdir -p "$TMP/fonts/$family"
  cp "$FONTS/$family"/*.woff2 "$FONTS/$family"/*.woff "$FONTS/$family/LICENSE.txt" "$TMP/fonts/$family/"
done
mkdir -p "$TMP/fonts/icons"
cp "$FONTS/icons"/gcds-icons.{eot,ttf,woff,svg} "$FONTS/icons/LICENSE.txt" "$TMP/fonts/icons/"

# Components: the stylesheet, the ESM loader, and every chunk reachable from
# it (static imports, `export ... from`, dynamic import() and the lazy
# bundles named in the loader's component registry). No source maps, no
# cjs/collection/types/components builds.
cp "$COMP/gcds.css" "$TMP/gcds.css"
node - "$COMP" "$TMP" <<'NODE'
const fs = require("fs");
const path = require("path");
const [src, dest] = process.argv.slice(2);
const seen = new Set();
const queue = ["gcds.esm.js"];
while (queue.length) {
  const name = queue.shift();
  if (seen.has(name)) continue;
  const file = path.join(src, name);
  if (!fs.existsSync(file)) {
    console.error(`vendor-gcds: ${name} is imported but missing from ${src}`);
    process.exit(1);
  }
  seen.add(name);
  const js = fs.readFileSync(file, "utf8");
  const refs = [
    ...js.matchAll(/\bfrom\s*["']\.\/([^"']+)["']/g),
    ...js.matchAll(/\bimport\s*\(?\s*["']\.\/([^"']+)["']/g),
  ].map((m) => m[1]);
  // Stencil lazy registry: [["p-xxxxxxxx",[[flags,"gcds-tag",...
  for (const m of js.matchAll(/\["(p-[A-Za-z0-9_-]+)",\[\[\d+,"[a-z0-9-]+"/g)) {
    refs.push(`${m[1]}.entry.js`);
  }
  queue.push(...refs.map((r) => path.posix.normalize(r)));
}
for (const name of seen) fs.copyFileSync(path.join(src, name), path.join(dest, name));
const unused = fs.readdirSync(src).filter((f) => f.endsWith(".js") && !seen.has(f));
console.log(`vendor-gcds: copied ${seen.size} JS files; not needed: ${unused.join(", ") || "none"}`);
NODE

# --- 3. write the font CSS and make every URL local -------------------------
node - "$FONTS" "$TMP" "$FONTS_VERSION" <<'NODE'
const fs = require("fs");
const path = require("path");
const [fontsSrc, dest, fontsVersion] = process.argv.slice(2);

// Every copied font file, by basename, as a path relative to `dest`.
const local = new Map();
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.(woff2?|ttf|eot|svg|otf)$/.test(e.name)) local.set(e.name, path.relative(dest, p));
  }
})(path.join(dest, "fonts"));

// Point a url() at the local copy of the file with the same basename.
function localise(css, cssFile) {
  const fromDir = path.dirname(path.join(dest, cssFile));
  return css.replace(/url\(\s*(["']?)([^"')]+)\1\s*\)/gi, (whole, quote, url) => {
    if (/^data:/i.test(url)) return whole;
    const [bare, suffix = ""] = url.split(/(?=[?#])/);
    const base = path.posix.basename(bare);
    if (!local.has(base)) return whole; // left as is: the checks below decide
    const rel = path.relative(fromDir, path.join(dest, local.get(base))).split(path.sep).join("/");
    return `url("${rel}${suffix.startsWith("#") ? suffix : ""}")`;
  });
}

// fonts/gcds-fonts.css: the three text families of @gcds-core/fonts (their
// CSS ships with placeholder paths "path/to/file/"). It stands in for the
// Google Fonts @import of gcds.css.
let fontsCss = `/* GC Design System fonts, vendored from @gcds-core/fonts@${fontsVersion} by scripts/vendor-gcds.sh */\n`;
for (const family of ["lato", "noto-sans", "noto-sans-mono"]) {
  const file = path.join(fontsSrc, family, `gcds-${family}.css`);
  const css = fs.readFileSync(file, "utf8").replace(/\/\*\s*Replace[\s\S]*?\*\/\s*/g, "");
  fontsCss += `\n/* ---- ${family} ---- */\n` + css;
}
fs.writeFileSync(path.join(dest, "fonts/gcds-fonts.css"), localise(fontsCss, "fonts/gcds-fonts.css"));

// fonts/icons/gcds-icons.css: optional, only for `gcds-icon-*` classes used
// directly in page markup (components declare the icon font via gcds.css).
const iconsCss = fs.readFileSync(path.join(fontsSrc, "icons/gcds-icons.css"), "utf8")
  .replace(/\/\*\s*Replace[\s\S]*?\*\/\s*/g, "");
fs.writeFileSync(path.join(dest, "fonts/icons/gcds-icons.css"), localise(iconsCss, "fonts/icons/gcds-icons.css"));

// gcds.css: the Google Fonts @import becomes an @import of the local font
// CSS; the icon font URLs on cdn.design-system.canada.ca become local paths.
let gcds = fs.readFileSync(path.join(dest, "gcds.css"), "utf8");
let imports = 0;
gcds = gcds.replace(
  /@import\s+(?:url\(\s*)?(["']?)https?:\/\/fonts\.googleapis\.com\/[^"')]*\1\s*\)?\s*;/gi,
  () => (imports++, '@import url("fonts/gcds-fonts.css");'),
);
if (imports !== 1) {
  console.error(`vendor-gcds: expected 1 Google Fonts @import in gcds.css, found ${imports}: check the new release`);
}
const cdnFonts = [...gcds.matchAll(/@gcds-core\/fonts@([0-9][^/]*)\//g)].map((m) => m[1]);
for (const v of new Set(cdnFonts)) {
  if (v !== fontsVersion) {
    console.error(`vendor-gcds: warning: gcds.css names @gcds-core/fonts@${v}, the pinned one is ${fontsVersion}`);
  }
}
fs.writeFileSync(path.join(dest, "gcds.css"), localise(gcds, "gcds.css"));
NODE

# --- 4. checks --------------------------------------------------------------
status=0
# (a) nothing is loaded from another host: no http(s):// or protocol-relative
#     // URL in a url(...) or an @import, no Google Fonts or GCDS CDN host,
#     in the CSS files or in the component styles embedded in the JS chunks.
remote_re='(url\([[:space:]]*\\?["'"'"']?[[:space:]]*(https?:)?//|@import[[:space:]]*(url\()?[[:space:]]*\\?["'"'"']?[[:space:]]*(https?:)?//|fonts\.(googleapis|gstatic)\.com|cdn\.design-system)'
if grep -rniE "$remote_re" "$TMP" --include='*.css' --include='*.js' >/dev/null; then
  echo "vendor-gcds: ERROR: remote URLs left in the vendored files:" >&2
  grep -rnoiE "$remote_re" "$TMP" --include='*.css' --include='*.js' | cut -c1-200 >&2
  status=1
fi
# (b) every url(...) of the CSS files names a file that was copied.
node - "$TMP" <<'NODE' || status=1
const fs = require("fs");
const path = require("path");
const dest = process.argv[2];
let bad = 0;
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { walk(p); continue; }
    if (!e.name.endsWith(".css")) continue;
    const css = fs.readFileSync(p, "utf8");
    const urls = [
      ...[...css.matchAll(/url\(\s*(["']?)([^"')]+)\1\s*\)/gi)].map((m) => m[2]),
      ...[...css.matchAll(/@import\s+(["'])([^"']+)\1/gi)].map((m) => m[2]),
    ];
    for (const url of urls) {
      if (/^data:/i.test(url)) continue;
      const target = path.join(path.dirname(p), url.replace(/[?#].*$/, ""));
      if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("/") || !fs.existsSync(target)) {
        console.error(`vendor-gcds: ERROR: ${path.relative(dest, p)}: url ${url} does not resolve to a vendored file`);
        bad++;
      }
    }
  }
})(dest);
process.exit(bad ? 1 : 0);
NODE
if [ "$status" -ne 0 ]; then
  echo "vendor-gcds: failed; static/vendor/gcds/ left unchanged" >&2
  exit 1
fi

# --- 5. swap in ---------------------------------------------------------------
chmod -R u=rwX,go=rX "$TMP"
rm -rf "$DEST"
mv "$TMP" "$DEST"
trap - EXIT
echo "vendor-gcds: static/vendor/gcds/ ready: @gcds-core/components@$COMP_VERSION, @gcds-core/fonts@$FONTS_VERSION ($(du -sh "$DEST" | cut -f1), $(find "$DEST" -type f | wc -l) files)"
