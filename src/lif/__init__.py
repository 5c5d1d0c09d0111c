"""lif: the safeguarding learning hub's library (content model, checker, indexes, renderers).

Named after the boards' Learning and Improvement Framework. It knows nothing about the site
generator: the mkdocs glue in ``macros/`` calls it, as do the ``lif`` commands.
"""

__version__ = "0.1.0"
