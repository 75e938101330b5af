#!/bin/sh
# `make browser` (a prerequisite of `make test`): the browser tests drive Debian's Chromium. When it
# is missing, install it with apt as root or through sudo without a password prompt; where that is
# impossible, stop with one line naming the command to run. CI (.ci/run) takes this same path.
set -eu
chromium=${1:-/usr/bin/chromium}
[ -x "$chromium" ] && exit 0
command="apt-get install -y chromium"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "make test needs Chromium at $chromium (browser tests): install Debian's chromium package there, then run make test again." >&2
  exit 1
fi
if [ "$(id -u)" = 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo -n"
else
  echo "make test needs Chromium at $chromium (browser tests): run 'sudo $command', then make test again." >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser tests ($chromium is missing)..." >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq chromium >/dev/null
if [ ! -x "$chromium" ]; then
  echo "make test needs Chromium at $chromium: 'apt-get install chromium' did not put it there; install it there, then run make test again." >&2
  exit 1
fi
