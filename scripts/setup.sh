# Sourced by both README commands (demo.sh, test.sh) from the top of the tree:
# refuses to run as non-root, installs missing packages, reserves hugepages
# (exporting the EAL memory arguments as MEDIASEC_EAL_MEM) and builds.
#   . scripts/setup.sh WHO [--test]
# WHO names the caller in messages; --test builds the ASan/UBSan build.
if [ "$(id -u)" -ne 0 ]; then
	echo "$1: run as root (it installs packages; hugepages, namespaces and XDP need it)" >&2
	exit 1
fi
scripts/install-deps.sh
MEDIASEC_EAL_MEM=$(scripts/hugepages.sh)
export MEDIASEC_EAL_MEM
# Build chatter goes to stderr: stdout is for the JSON lines of what runs next.
scripts/build.sh ${2:+"$2"} >&2
