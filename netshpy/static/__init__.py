"""The ``netsh ipsec static`` policy store: model, SQLite persistence, rendering.

Modules: :mod:`model` (plain dataclasses), :mod:`store` (SQLite files, one per
store location), :mod:`defaults` (the example policies of a fresh Windows
Server 2003), :mod:`render` (every ``show`` screen), :mod:`dump` (the netsh
script that recreates a store), :mod:`portable` (``exportpolicy`` files) and
:mod:`query` (read-only access for other parts of netshpy).
"""
