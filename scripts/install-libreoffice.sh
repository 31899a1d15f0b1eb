#!/usr/bin/env bash
# Make sure LibreOffice 25 (Calc without GUI, Python scripting) is installed, for the tests' independent
# spreadsheet engine. On Debian bookworm it comes from bookworm-backports, added by reusing the mirror
# that this machine's apt sources already name, so no package host is written into the repository.
#
#   scripts/install-libreoffice.sh                     install unless `soffice --version` is 25 or newer
#   scripts/install-libreoffice.sh --sources-only FILE write the backports sources file to FILE and stop
#
# Where the mirror is read from: XLSALES_APT_SOURCES (deb822, default /etc/apt/sources.list.d/debian.sources),
# else XLSALES_APT_LIST (one-line format, default /etc/apt/sources.list). XLSALES_APT_SOURCES_DIR (default
# /etc/apt/sources.list.d) is where the backports file goes.
set -euo pipefail

minimum_major=25
packages=(libreoffice-calc-nogui python3-uno libreoffice-script-provider-python)
suite=bookworm-backports
deb822="${XLSALES_APT_SOURCES:-/etc/apt/sources.list.d/debian.sources}"
one_line="${XLSALES_APT_LIST:-/etc/apt/sources.list}"
sources_dir="${XLSALES_APT_SOURCES_DIR:-/etc/apt/sources.list.d}"
backports_file="$sources_dir/xlsales-bookworm-backports.sources"

fail() { echo "install-libreoffice: $*" >&2; exit 1; }

installed_major() {
    command -v soffice >/dev/null || return 0
    soffice --version 2>/dev/null | sed -n 's/^LibreOffice \([0-9][0-9]*\)\..*/\1/p' | head -n 1
}

# "URI<TAB>keyring" of the first enabled deb822 stanza of type deb whose Suites include bookworm.
mirror_from_deb822() {
    [ -r "$deb822" ] || return 0
    awk 'BEGIN { RS = ""; FS = "\n" }
    {
        uris = ""; suites = ""; types = ""; keyring = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
            if ($i ~ /^[ \t]*#/) continue
            if (match($i, /^URIs:[ \t]*/)) uris = substr($i, RLENGTH + 1)
            else if (match($i, /^Suites:[ \t]*/)) suites = substr($i, RLENGTH + 1)
            else if (match($i, /^Types:[ \t]*/)) types = substr($i, RLENGTH + 1)
            else if (match($i, /^Signed-By:[ \t]*/)) keyring = substr($i, RLENGTH + 1)
            else if (match($i, /^Enabled:[ \t]*/)) enabled = substr($i, RLENGTH + 1)
        }
        n = split(suites, s, /[ \t]+/)
        for (j = 1; j <= n; j++) {
            if (s[j] == "bookworm" && enabled != "no" && (" " types " ") ~ /[ \t]deb[ \t]/) {
                split(uris, u, /[ \t]+/); print u[1] "\t" keyring; exit
            }
        }
    }' "$deb822"
}

# The same from a one-line `deb [options] URI bookworm components` entry.
mirror_from_one_line() {
    [ -r "$one_line" ] || return 0
    awk '$1 == "deb" {
        i = 2; keyring = ""
        if ($i ~ /^\[/) {
            while (1) {
                if (match($i, /signed-by=[^] \t]*/)) keyring = substr($i, RSTART + 10, RLENGTH - 10)
                if ($i ~ /\]$/ || i >= NF) break
                i++
            }
            i++
        }
        if ($(i + 1) == "bookworm") { print $i "\t" keyring; exit }
    }' "$one_line"
}

sources_text() {
    local uri="$1" keyring="$2"
    printf '# Debian %s, for LibreOffice 25 (written by xlsales scripts/install-libreoffice.sh):\n' "$suite"
    printf '# the same mirror as this machine'"'"'s bookworm entry.\n'
    printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\n' "$uri" "$suite"
    if [ -n "$keyring" ]; then
        printf 'Signed-By: %s\n' "$keyring"
    fi
}

write_sources() {  # to the file named by $1, through `tee` run by $2... (sudo when not root)
    local target="$1" found uri keyring
    shift
    found="$(mirror_from_deb822)"
    [ -n "$found" ] || found="$(mirror_from_one_line)"
    [ -n "$found" ] || fail "no bookworm entry in $deb822 or $one_line to take the mirror from"
    uri="${found%%$'\t'*}"
    keyring="${found#*$'\t'}"
    sources_text "$uri" "$keyring" | "$@" tee "$target" >/dev/null
    echo "install-libreoffice: wrote $target"
}

backports_configured() {
    grep -qsE '^[^#]*[[:space:]]bookworm-backports([[:space:]]|$)' \
        "$one_line" "$sources_dir"/*.list "$sources_dir"/*.sources
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ "${1:-}" = "--sources-only" ]; then
    [ -n "${2:-}" ] || fail "usage: $0 --sources-only FILE"
    write_sources "$2" env
    cat "$2"
    exit 0
fi

major="$(installed_major)"
if [ -n "$major" ] && [ "$major" -ge "$minimum_major" ]; then
    echo "install-libreoffice: $(soffice --version | head -n 1) already installed"
    exit 0
fi

codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
target=()
if [ "$codename" = "bookworm" ]; then
    if backports_configured; then
        echo "install-libreoffice: $suite is already in the apt sources"
    else
        write_sources "$backports_file" as_root
    fi
    target=(-t "$suite")
fi
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${target[@]}" "${packages[@]}"

major="$(installed_major)"
if [ -z "$major" ] || [ "$major" -lt "$minimum_major" ]; then
    fail "LibreOffice ${major:-(none)} installed, the tests need $minimum_major or newer"
fi
echo "install-libreoffice: $(soffice --version | head -n 1)"
