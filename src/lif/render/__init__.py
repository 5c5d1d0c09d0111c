"""The render layer: pages and fragments of the site, as Markdown and HTML.

Every generated page comes from :func:`lif.render.pages.generated_pages`. Imports only the layers
below.
"""
