"""Run by each worker process of the local Dask cluster as it starts (`preload`, see
`flows.runners`): load the stages' models in the background.

A worker's first chunk would otherwise pay for importing the flow's module (to unpickle the
task: Prefect, DuckDB, the warehouse), trafilatura and spaCy and for loading the spaCy model,
the gazetteer and the language identifier (several seconds of CPU per worker). Started here, in a thread, that work overlaps the flow's discovery
and fetching; a task that needs a model before it is ready waits for the same load
(`transforms.nlp` loads under a lock, imports under Python's import lock).
"""

from __future__ import annotations

import threading


def _load_models() -> None:
    # In the order the tasks need them: unpickling a task imports its module (Prefect, DuckDB,
    # the warehouse: seconds of CPU), cleaning comes first, then extraction.
    import flows.pipeline  # noqa: F401 - imported to be ready
    from transforms import clean, extract, gazetteer, nlp  # noqa: F401 - imported to be ready

    clean.detect_language("The workers load their models while the pages are fetched.")
    nlp.model()
    gazetteer.load()
    gazetteer.place_name("Kyiv")  # the GeoNames table


def dask_setup(worker: object) -> None:  # noqa: ARG001 - the signature Dask calls
    threading.Thread(target=_load_models, name="newsline-models", daemon=True).start()
