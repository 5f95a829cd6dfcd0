"""Write lessons/bundled-listing.json, the built-in lessons' listing shipped for a first start.

Run it after editing a built-in lesson or changing the version (until then
tests/lessons/test_bundled_listing.py fails):

    python scripts/write_bundled_listing.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's packages

from lessons.listing import write_bundled_listing
from tui import __version__


def main() -> int:
    """Write the listing and name the file; a lesson that does not load is one line, exit 1."""
    try:
        path = write_bundled_listing(__version__)
    except (ValueError, OSError) as error:
        print(f"write_bundled_listing: {error}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
