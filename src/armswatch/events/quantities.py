"""The old import path of the quantity component, which now lives in `armswatch.quantities` (usable
alone).

The module object itself is re-exported (not a copy of its names), so private helpers and the token
cache stay one and the same for `armswatch.events.quantities` and `armswatch.quantities.quantities`."""

import sys

from armswatch.quantities import quantities as _quantities

sys.modules[__name__] = _quantities
