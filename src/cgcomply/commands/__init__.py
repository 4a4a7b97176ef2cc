"""The ``cgcomply`` commands, one module per command or group; :data:`cgcomply.cli.COMMANDS` names them.

Each module is imported only when its command runs (or ``cgcomply --help`` lists every command), so a
module keeps its top level to click definitions and imports the library inside the command's function.
Options that several commands share are in :mod:`cgcomply.commands.options`.
"""
