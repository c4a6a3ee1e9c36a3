"""Run by each worker process of the local Dask cluster as it starts (`preload`, see
`flows.runners`): load the stages' models in the background.

A worker's first chunk would otherwise pay for importing trafilatura, spaCy and Prefect's task
engine and for loading the spaCy model, the gazetteer and the language identifier (several
seconds of CPU per worker). Started here, in a thread, that work overlaps the flow's discovery
and fetching; a task that needs a model before it is ready waits for the same load
(`transforms.nlp` loads under a lock, imports under Python's import lock).
"""

from __future__ import annotations

import threading


def _load_models() -> None:
    from transforms import clean, extract, gazetteer, nlp  # noqa: F401 - imported to be ready

    nlp.model()
    gazetteer.load()
    gazetteer.place_name("Kyiv")  # the GeoNames table
    clean.detect_language("The workers load their models while the pages are fetched.")


def dask_setup(worker: object) -> None:  # noqa: ARG001 - the signature Dask calls
    threading.Thread(target=_load_models, name="newsline-models", daemon=True).start()
