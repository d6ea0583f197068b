"""Events stage: typed events (who did what to whom, when, where, with what) found in report sentences."""
