#!/usr/bin/env bash
# Build the argolint test oracle for one Argo line (v4 or v3) once, into a
# cache directory outside the repository, and print the binary's path.
#
#   bash tests/argolint/build.sh v4        # -> .../argolint-v4.0.5-<srchash>
#
# The binary is reused while the Argo module version and our sources
# (main.go, go.mod, go.sum) are unchanged: the file name carries both. A new
# build deletes that line's binaries built from other sources.
# Cache root: $ARGO_SPEC_TOOL_CACHE, default ~/.cache/argo-spec/tools.
# Needs `go` (1.25.7 or newer) and the Go module proxy on a cold module cache.
# Build output goes to stderr; stdout is only the path.
# Exit: 0 built or reused, 2 usage error, 3 no Go toolchain, other: go failed.
set -euo pipefail

usage() { echo "usage: $0 v4|v3" >&2; exit 2; }
[[ $# -eq 1 ]] || usage
line=$1
case "$line" in v4 | v3) ;; *) usage ;; esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src="$here/$line"
module="github.com/argoproj/argo-workflows/$line"

if ! command -v go >/dev/null 2>&1; then
    if [[ -x /usr/local/go/bin/go ]]; then
        PATH="/usr/local/go/bin:$PATH"
    else
        echo "build.sh: no Go toolchain (go not on PATH)" >&2
        exit 3
    fi
fi

# The Argo version our go.mod requires, e.g. v4.0.5.
modversion=$(awk -v m="$module" '$1 == m { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' "$src/go.mod")
[[ -n "$modversion" ]] || { echo "build.sh: $module not required in $src/go.mod" >&2; exit 1; }

srchash=$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-12)
home=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}
cache="${ARGO_SPEC_TOOL_CACHE:-$home/.cache/argo-spec/tools}"
bin="$cache/argolint-$modversion-$srchash"

if [[ -x "$bin" ]]; then
    echo "$bin"
    exit 0
fi

mkdir -p "$cache"
# One build at a time per binary (pytest-xdist workers may race here).
exec 9>"$bin.lock"
if command -v flock >/dev/null 2>&1; then
    flock 9
fi
if [[ ! -x "$bin" ]]; then
    tmp=$(mktemp "$bin.tmp.XXXXXX")
    trap 'rm -f "$tmp"' EXIT
    echo "build.sh: building argolint against $module $modversion (a cold build takes minutes)" >&2
    start=$SECONDS
    # -mod=readonly: go.sum is committed and complete; never rewrite it in CI.
    (cd "$src" && GOFLAGS="-mod=readonly -buildvcs=false" \
        go build -trimpath -ldflags="-s -w" -o "$tmp" .) >&2
    mv -f "$tmp" "$bin"
    trap - EXIT
    echo "build.sh: built $bin in $((SECONDS - start))s" >&2
    # Drop binaries of this line built from older sources (~75 MB each).
    find "$cache" -maxdepth 1 -type f -name "argolint-${line}.*" \
        ! -name "$(basename "$bin")" ! -name '*.lock' ! -name '*.tmp.*' -delete
fi
rm -f "$bin.lock"
echo "$bin"
