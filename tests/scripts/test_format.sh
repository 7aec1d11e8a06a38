#!/bin/sh
# The C sources follow the committed .clang-format (house style).
# Usage: test_format.sh RELGRAPH SOURCE_ROOT
set -eu
cd "$2"
files=$(find src tests/unit -name '*.[ch]' | sort)
# shellcheck disable=SC2086
clang-format --style=file --dry-run -Werror $files
echo "$(echo "$files" | wc -l) files formatted as .clang-format says"
