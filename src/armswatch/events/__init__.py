"""Events stage: typed events (who did what to whom, when, where, with what) found in report sentences.

How a report's events are found (entry point `extract.extract_events`):
1. `detector`: a learned model scores every verb and noun of a sentence for the nine event types
   (trained by scripts/train_event_detector.py; its card: detector/MODEL_CARD.md).
2. `frames`: the hand-written frames lexicon and its role rules (who supplies, who receives, who attacks).
3. `detected.py` combines the two, in one place: the detector decides whether and which event; the
   frames and the parse fill its roles; the domain checks the labelled data leave open (goods for a
   transfer, a military exercise, one act rather than "the war") are applied there.
4. `items`, `quantities`, `timex` and `attribution` add what moved, how many, when, and who says so.
"""
