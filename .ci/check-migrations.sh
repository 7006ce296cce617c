#!/usr/bin/env bash
# A released migration is never edited: deployed databases have run it and will not run it again.
# migrations/released.sha256 lists every released migration with its checksum; a new migration is added
# to the list when it is released (`sha256sum migrations/NNNN_name.sql >> migrations/released.sha256`).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! sha256sum --quiet -c migrations/released.sha256; then
  echo "A released migration was changed or removed (see above). Add a new migration instead." >&2
  exit 1
fi
echo "released migrations unchanged: $(wc -l < migrations/released.sha256)"
