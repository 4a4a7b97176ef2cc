"""The market monitor (issue 12): a catalogue of suppliers' deployments, verified over time.

* :mod:`cgcomply.monitor.catalogue` — ``load_catalogue(path)`` (YAML or CSV) → ``Catalogue``;
* :mod:`cgcomply.monitor.store` — ``open_store(path_or_url)`` → ``Store`` (SQLite WAL or PostgreSQL, migrated);
* :mod:`cgcomply.monitor.run` — ``run_monitor(catalogue, store, RunOptions(...))`` → ``RunSummary``;
* :mod:`cgcomply.monitor.diff` — ``diff_runs(store, run_a, run_b)`` → ``RunDiff``;
* :mod:`cgcomply.monitor.importers` — ``import_file(kind, path, output)``;
* :mod:`cgcomply.monitor.demo` — ``run_demo(out_dir)`` and ``DemoMarket``.

``docs/monitor.md`` describes the formats, the tables and the read API. The commands are in ``cli.py``.
"""
