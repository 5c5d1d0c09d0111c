"""The index layer: what is computed once from the whole library.

The loaded and checked :class:`~lif.index.site.Site`, listings, themes with counts, the
recommendation tracker, the search catalogue and facets, packs, feeds and redirects. Imports only
the layers below.
"""
