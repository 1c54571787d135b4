#!/bin/sh
# Installs (or, as the update command, upgrades to) hello-vmapps 1.1.0: a script on the PATH.
# Runs as root from the folder the VM application manager extracted the package into.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
install -m 0755 "$here/hello-vmapps" /usr/local/bin/hello-vmapps
echo "hello-vmapps $(/usr/local/bin/hello-vmapps --version) installed from $here"
