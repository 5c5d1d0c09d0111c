"""The check layer: every rule across fields and files.

Cross-references, publication guard rails, personal data, permanent links, the learning cycle and
the framework data. ``lif check`` and the build run the same rules. Imports only the layers below
(:mod:`lif.model`, :mod:`lif.load`).
"""
