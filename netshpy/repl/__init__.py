"""The interactive prompt_toolkit shell: completion, highlighting, history, toolbar.

Everything here may import prompt_toolkit, pygments and rich; nothing on the
one-shot path (``netshpy <command>``) imports this package.
"""
