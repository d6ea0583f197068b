"""The old import path of the time component, which now lives in `armswatch.time` (usable alone).

The module object itself is re-exported (not a copy of its names), so private helpers, caches and
monkeypatches stay one and the same for `armswatch.events.timex` and `armswatch.time.timex`."""

import sys

from armswatch.time import timex as _timex

sys.modules[__name__] = _timex
