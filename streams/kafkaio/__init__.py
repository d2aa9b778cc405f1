"""kafka-python tools around the worker: topic admin, producing files, tailing topics."""
