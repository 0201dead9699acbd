#!/usr/bin/env bash
# Installs what bindings-wasm needs on a fresh Debian machine, skipping what is there:
# Debian's rustc-web toolchain (a wasm32 std to build with -Z build-std) and chromium,
# wasm-bindgen-cli at the version in Cargo.lock, and the npm packages (binaryen's wasm-opt,
# playwright-core). Why these tools: bindings-wasm/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# One apt call, so the rustc-web packages' versions match.
apt_packages=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22 chromium)
missing=()
for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node and npm may come from elsewhere (NodeSource's nodejs includes npm and conflicts with
# Debian's npm): only installed from Debian when the commands are missing.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "apt: installing ${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
else
    echo "apt: ${apt_packages[*]} already installed"
fi

want=$(grep -A1 '^name = "wasm-bindgen"$' "$root/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
    echo "cargo: installing wasm-bindgen-cli $want (about 6 minutes)"
    cargo install wasm-bindgen-cli --version "=$want"
else
    echo "cargo: wasm-bindgen-cli $want already installed"
fi

cd "$here"
if [ -x node_modules/.bin/wasm-opt ] && [ -f node_modules/playwright-core/package.json ]; then
    echo "npm: packages already installed"
else
    echo "npm: installing"
    npm ci --no-audit --no-fund
fi
