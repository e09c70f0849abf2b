"""Command-line tools of a computer's prompt that have a grammar of their own.

``ipseccmd`` (Windows XP Support Tools) and ``ipsecpol`` (Windows 2000
Resource Kit): a flag table in ``contexts/tools/ipsectools.toml`` (:mod:`.spec`),
value languages in ``grammar/ipsectools.lark`` (:mod:`.values`), argument
parsing (:mod:`.args`), what a line does to the computer's stores and SPD
(:mod:`.ipsec`), the query screens (:mod:`.show`), the usage screen
(:mod:`.usage`) and completion and highlighting (:mod:`.complete`).
"""
