# Sourced by the other scripts: run from the repository root, with the tools
# that scripts/install-tools.sh installs (~/.cargo/bin, node_modules/.bin) on PATH.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
