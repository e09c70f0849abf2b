"""The emulated computer's own things below the front ends.

- :mod:`netshpy.computer.addresses`: the computer's own IPv4 addresses.
- :mod:`netshpy.computer.drives`: the drive letters, each a folder inside the
  state folder (``<state>/drives/C``), Windows paths and Windows' errors, the
  working directory, and copying files between the host and a drive.
- :mod:`netshpy.computer.resolver`: DNS names as the computer resolves them
  (its ``hosts`` file, its own name, the lab's computers, a few outside names).
- :mod:`netshpy.computer.colon_commands`: ``:copy`` between host and drive.

Every path or name a command takes goes through them, never through the
host's own files.
"""
