#!/usr/bin/env bash
# Runs the tests on another Node major than the machine's: scripts/testOnNode.sh 22 [vitest arguments]
#
# Node comes from the npm registry (the node-<platform>-<arch> package, which the `node` package
# installs: binaries and C headers). better-sqlite3 is a native addon built for the machine's Node;
# another major has another ABI, so a copy of it is compiled against that Node's headers (node-gyp,
# from npm; a C++ compiler; no other download) and a preload (NODE_OPTIONS=--require) loads that
# copy instead. The tests, the command lines and the servers they spawn all run on that Node
# (process.execPath) and inherit the preload. Both are cached in $PUENTE_NODE_CACHE
# (~/.cache/puente-node): the first run of a major takes a few minutes to compile SQLite.
set -euo pipefail
major="${1:?usage: scripts/testOnNode.sh <node major, e.g. 22> [vitest arguments]}"
shift
cd "$(dirname "$0")/.."
root="$PWD"
cache="${PUENTE_NODE_CACHE:-$HOME/.cache/puente-node}/$major"
mkdir -p "$cache"

pkg="node-$(node -p 'process.platform + "-" + process.arch')"
node_bin="$cache/node_modules/$pkg/bin/node"
if [ ! -x "$node_bin" ]; then
  echo "Node $major: installing $pkg@$major from the npm registry into $cache" >&2
  npm install --prefix "$cache" --no-save --no-audit --no-fund --no-package-lock "$pkg@$major" >&2
fi
node_dir="$cache/node_modules/$pkg"
abi="$("$node_bin" -p process.versions.modules)"
sqlite_version="$(node -p "require('./node_modules/better-sqlite3/package.json').version")"
addon_dir="$cache/better-sqlite3-$sqlite_version-abi$abi"
addon="$addon_dir/build/Release/better_sqlite3.node"
if [ ! -f "$addon" ]; then
  echo "Node $major: compiling better-sqlite3 $sqlite_version for ABI $abi into $addon_dir (minutes)" >&2
  rm -rf "$addon_dir"
  cp -r node_modules/better-sqlite3 "$addon_dir"
  rm -rf "$addon_dir/build"
  gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
  (cd "$addon_dir" && "$node_bin" "$gyp" rebuild --release --nodedir="$node_dir" >&2)
fi

# process.dlopen is what require() of a .node file calls: the better-sqlite3 addon is taken from the copy.
shim="$cache/better-sqlite3-abi$abi.cjs"
cat >"$shim" <<EOF
const dlopen = process.dlopen;
process.dlopen = function (module, filename, ...rest) {
  if (filename.endsWith('better_sqlite3.node')) filename = $(node -p 'JSON.stringify(process.argv[1])' "$addon");
  return dlopen.call(this, module, filename, ...rest);
};
EOF

echo "Node $("$node_bin" --version) ($node_bin), better-sqlite3 from $addon" >&2
export PATH="$node_dir/bin:$PATH"
export NODE_OPTIONS="--require $shim ${NODE_OPTIONS:-}"
exec "$node_bin" "$root/node_modules/vitest/vitest.mjs" run "$@"
