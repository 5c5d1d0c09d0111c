"""The load layer: the only code that reads project files.

The YAML reader with positions, the content loader, the data files of ``data/`` and ``links/``,
and the settings taken from ``mkdocs.yml``. Imports only :mod:`lif.model`.
"""
