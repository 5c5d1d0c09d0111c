"""The command-line layer: argument parsing and printing, one module per command.

Nothing below this layer parses arguments or prints; library functions return values and raise
typed errors, which the commands here turn into messages and exit statuses.
"""
