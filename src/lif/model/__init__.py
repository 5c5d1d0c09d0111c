"""The model layer: types and rules with no I/O.

Content models, vocabularies, problems, publication rules, the learning-cycle stage rules, the
framework's data types, personal-data patterns, and the paths and anchors of permanent addresses.
It imports nothing else of the library; every other layer may import it.
"""
