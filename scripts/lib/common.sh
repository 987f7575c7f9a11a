# Shared by the scripts in scripts/: installs what is missing, builds.
# Sourced, not run.

QUORUM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
QUORUM_BUILD="${QUORUM_BUILD:-$QUORUM_ROOT/build}"

# Debian packages quorum needs to build and test. A bare Debian machine has
# none of them, not even a compiler. tzdata: the time zones meetings are in.
QUORUM_PACKAGES=(
  g++ make cmake pkg-config
  libpoco-dev liblua5.4-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
  libsqlite3-dev libboost-test-dev libkainjow-mustache-dev
  python3 python3-icalendar tzdata
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "quorum: need root (or sudo) to install: $*" >&2
    return 1
  fi
}

# ensure_packages PKG...: installs the packages that are not installed yet.
ensure_packages() {
  local missing=()
  local package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "quorum: installing ${missing[*]}" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
}

# build [cmake options...]: configures once, then builds everything with -j2.
build() {
  ensure_packages "${QUORUM_PACKAGES[@]}"
  if [ ! -f "$QUORUM_BUILD/CMakeCache.txt" ]; then
    cmake -S "$QUORUM_ROOT" -B "$QUORUM_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >&2
  fi
  cmake --build "$QUORUM_BUILD" -j2 >&2
}

# The web interface's end-to-end tests: Node.js with npm, Debian's Chromium
# (never a browser downloaded by a test tool), a font for it to draw text, and
# playwright-core and axe-core from npm at the versions package-lock.json pins
# (installed in tests/e2e/node_modules, which git ignores).
ensure_web_test_tools() {
  local wanted=()
  command -v node >/dev/null 2>&1 || wanted+=(nodejs)
  command -v npm >/dev/null 2>&1 || wanted+=(npm)
  [ -x "${QUORUM_CHROMIUM:-/usr/bin/chromium}" ] || wanted+=(chromium)
  wanted+=(fonts-dejavu-core)
  ensure_packages "${wanted[@]}"
  local e2e="$QUORUM_ROOT/tests/e2e"
  # Every dependency at the version package.json pins, or npm ci again.
  if ! (cd "$e2e" && node -e "const d = require('./package.json').dependencies;
      process.exit(Object.keys(d).every((n) => require('./node_modules/' + n + '/package.json').version === d[n]) ? 0 : 1)" \
      2>/dev/null); then
    echo "quorum: installing the browser tests' packages from npm (tests/e2e)" >&2
    (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  check_web_test_tools
}

# Says what the browser tests need, before any test runs, when this machine
# cannot give it: a Node.js at least as new as every pinned package's
# "engines" asks (Debian 12 ships 18), and a Chromium that starts.
check_web_test_tools() {
  local e2e="$QUORUM_ROOT/tests/e2e" needed
  needed=$(cd "$e2e" && node -e "
    const lock = require('./package-lock.json');
    let most = 0, who = '';
    for (const [path, entry] of Object.entries(lock.packages || {})) {
      const m = /^>=\\s*(\\d+)/.exec((entry.engines && entry.engines.node) || '');
      if (m && +m[1] > most) { most = +m[1]; who = path.replace(/^node_modules\\//, '') + ' ' + entry.version; }
    }
    console.log(most + ' ' + who);") || {
    echo "quorum: the browser tests need Node.js; 'node' did not run ($(command -v node || echo 'not found'))." >&2
    return 1
  }
  local have
  have=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$have" -lt "${needed%% *}" ]; then
    echo "quorum: the browser tests need Node.js ${needed%% *} or newer (for ${needed#* }, pinned in" \
      "tests/e2e/package.json); this machine has $(node --version) at $(command -v node)." \
      "Debian 12's nodejs package is 18: pin versions that accept it." >&2
    return 1
  fi
  local chromium="${QUORUM_CHROMIUM:-/usr/bin/chromium}"
  if ! "$chromium" --version >/dev/null 2>&1; then
    echo "quorum: the browser tests need Debian's Chromium at $chromium, and it does not start" \
      "('$chromium --version' fails); reinstall the chromium package or set QUORUM_CHROMIUM." >&2
    return 1
  fi
}
