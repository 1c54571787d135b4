#!/bin/sh
# Installs hello-vmapps 1.0.0: a script on the PATH that says which version is installed.
# Runs as root from the folder the VM application manager extracted the package into.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
install -m 0755 "$here/hello-vmapps" /usr/local/bin/hello-vmapps
echo "hello-vmapps 1.0.0 installed from $here"
