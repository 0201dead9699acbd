#!/usr/bin/env bash
# Installs what bindings-c/test.sh needs on a fresh Debian machine, skipping what is present:
# gcc, valgrind, jq (corpus questions), mono-mcs (mcs and mono for the C# wrapper), cbindgen;
# for the uniffi bindings: python3, a Java runtime, libjna-java (Debian) and npm's
# kotlin-compiler (no Maven Central here, so no Gradle and no JUnit).
set -euo pipefail

missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v mcs >/dev/null 2>&1 || missing+=(mono-mcs)
command -v mono >/dev/null 2>&1 || missing+=(mono-runtime)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
[ -f /usr/share/java/jna.jar ] || missing+=(libjna-java)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "bindings-c/install.sh: apt-get install ${missing[*]}"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

if ! command -v cbindgen >/dev/null 2>&1; then
    echo "bindings-c/install.sh: cargo install cbindgen (about 2 minutes)"
    cargo install cbindgen --locked
fi
kotlin_version=2.4.20
kotlinc="$(npm root -g 2>/dev/null)/kotlin-compiler/bin/kotlinc"
if [ ! -x "$kotlinc" ] || ! "$kotlinc" -version 2>&1 | grep -q "$kotlin_version"; then
    echo "bindings-c/install.sh: npm install -g kotlin-compiler@$kotlin_version"
    npm install -g --no-fund --no-audit "kotlin-compiler@$kotlin_version"
fi
echo "bindings-c/install.sh: gcc, valgrind, jq, mcs, mono, cbindgen, python3, java, jna and kotlinc are present"
