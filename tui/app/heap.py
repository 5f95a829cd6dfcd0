"""The garbage collector kept off the keys' path.

Python's cyclic collector walks every object it tracks at each full collection: for the tutor
on a screen, some 130,000 (Textual's DOM and styles, the modules, the lessons), 35 ms or more on
this project's CI machine, landing in whichever key press allocated last. The objects a screen
keeps live as long as the screen does, so walking them again and again finds nothing.

:func:`settle` runs one full collection while the learner reads a screen that has just opened,
then freezes what is left (``gc.freeze``): the collector's later passes walk only the objects
made since, the garbage of each step and parameter change. The next screen's settle unfreezes
first, so what the old screen left behind is collected then and nothing frozen is kept for
good. Reference counting frees almost everything in any case; freezing only concerns cycles.
"""

from __future__ import annotations

import gc

__all__ = ["SETTLE_AFTER", "settle"]

SETTLE_AFTER = 1.0
"""Seconds after a screen opens before its heap is settled (a learner is reading by then)."""


def settle() -> int:
    """Collect every generation, then freeze what is alive.

    Returns:
        The objects frozen (``gc.get_freeze_count()``).

    >>> settle() > 0
    True
    >>> len(gc.get_objects(generation=2))  # the oldest generation: nothing left to walk
    0
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
