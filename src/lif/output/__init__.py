"""The output layer: files written beside the pages, and files the tools write.

Feeds, the search index, packs in their formats, the action plan, JSON Schemas, security headers,
redirect pages and new items from their templates. Imports only the layers below.
"""
