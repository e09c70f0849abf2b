"""Completion derived from the context specs.

In order along a line: command words and context names of the current
context (inherited root commands included), the members of a command group,
then the tags the command still accepts (``tag=``), then allowed values by
parameter type, and the names of existing store objects where a tag takes one.
Every choice carries its one-line description (``display_meta``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from .. import colon_commands, values
from ..spec import Command, Context, Param
from .objects import StoreNames
from .parse import Words, chain, given_tags, meaning, next_positional, scan, slots, unquote

if TYPE_CHECKING:
    from ..session import Session

STATIC_PATH = ("ipsec", "static")
COMMON_MASKS = (
    ("255.255.255.255", "/32, one address"),
    ("255.255.255.0", "/24"),
    ("255.255.0.0", "/16"),
    ("255.0.0.0", "/8"),
    ("0.0.0.0", "/0, every address"),
)
ADDRESS_WORDS = (
    ("me", "this computer's addresses"),
    ("any", "every address"),
    ("DNS", "the DNS servers"),
    ("WINS", "the WINS servers"),
    ("DHCP", "the DHCP server"),
    ("GATEWAY", "the default gateway"),
)
PROTOCOL_META = {"ANY": "any protocol", "ICMP": "1", "TCP": "6", "UDP": "17", "RAW": "255"}
MM_EXAMPLES = ("3DES-SHA1-2", "3DES-MD5-2", "3DES-SHA1-3", "DES-SHA1-1", "DES-MD5-1")
QM_EXAMPLES = ("ESP[3DES,SHA1]", "ESP[3DES,MD5]", "ESP[DES,SHA1]", "AH[SHA1]", "AH[MD5]")
BOOT_EXAMPLES = (
    ("TCP:0:3389:inbound", "protocol:srcport:dstport:direction (Remote Desktop in)"),
    ("UDP:0:53:outbound", "DNS queries out"),
)
# Values that are lists of words, given in double quotes.
LIST_TYPES = ("mmsecmethods", "qmsecmethods", "bootexemptions")

Names = Callable[[str, "str | None"], list[str]]


def first_sentence(text: str, width: int = 60) -> str:
    """The first sentence of *text*, cut to *width* characters (for menus)."""
    head = text.split(". ")[0].rstrip(".")
    return head if len(head) <= width else head[: width - 3] + "..."


def quoted(name: str) -> str:
    """*name* as typed on a netsh line (double quotes when it holds blanks)."""
    return f'"{name}"' if any(c.isspace() for c in name) or not name else name


class NetshCompleter(Completer):
    """Completes netsh lines for a :class:`~netshpy.session.Session`."""

    def __init__(self, session: Session, names: StoreNames | None = None) -> None:
        self.session = session
        self.names = names if names is not None else StoreNames(session)

    # ---- entry point ----------------------------------------------------

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        """Completions for the text before the cursor."""
        text = document.text_before_cursor
        try:
            if text.lstrip().startswith(colon_commands.PREFIX):
                yield from self._emulator(text)
            else:
                yield from self._netsh(text, complete_event)
        except Exception:  # completion must never break the prompt
            return

    # ---- netsh lines ----------------------------------------------------

    def _netsh(self, text: str, event: CompleteEvent) -> Iterator[Completion]:
        pieces = scan(text)
        items = slots(pieces)
        fresh = not text or pieces[-1].kind == "ws"
        current = None if fresh else items[-1] if items else None
        if current is not None and current.kind == "bare" and fresh:
            current = None
        if fresh and items and items[-1].kind == "tagged" and items[-1].value is None:
            current = items[-1]  # "tag = " with blanks: the value comes next
        start = current.start if current is not None else len(text)
        words = meaning(self.session.spec, self.session.context, text[:start], self.session.aliases)
        if current is None:
            yield from self._next_item(words, "", event)
        elif current.kind == "bare":
            yield from self._next_item(words, current.value.text if current.value else "", event)
        elif current.kind == "tagged" and words.kind == "args" and words.command is not None:
            param = self._param(words.command, current.tag.text if current.tag else "")
            frag = current.value.text if current.value else ""
            if param is not None:
                yield from self._values(words.command, words, param, frag, event)

    def _next_item(self, words: Words, frag: str, event: CompleteEvent) -> Iterator[Completion]:
        if words.kind == "words":
            yield from self._match(self._context_words(words.context), frag)
        elif words.kind == "group":
            yield from self._match(self._group_words(words.context, words.group or ""), frag)
        elif words.kind == "args" and words.command is not None:
            command = words.command
            given = given_tags(command, words.args)
            tag_hits = list(self._match(self._tags(command, given), frag))
            yield from tag_hits
            if frag and not tag_hits:
                param = next_positional(command, given)
                if param is not None:
                    yield from self._values(command, words, param, frag, event)

    # ---- words ----------------------------------------------------------

    @staticmethod
    def _context_words(ctx: Context) -> list[tuple[str, str]]:
        seen: dict[str, str] = {}
        for owner in chain(ctx):
            for name, child in owner.children.items():
                seen.setdefault(name, child.description)
            for words, command in owner.commands.items():
                if command.hidden:
                    continue
                meta = command.description if len(words) == 1 else owner.groups.get(words[0], "")
                seen.setdefault(words[0], meta)
        return sorted(seen.items())

    @staticmethod
    def _group_words(ctx: Context, group: str) -> list[tuple[str, str]]:
        seen: dict[str, str] = {}
        for owner in chain(ctx):
            for words, command in owner.commands.items():
                if len(words) == 2 and words[0] == group and not command.hidden:
                    seen.setdefault(words[1], command.description)
        return sorted(seen.items())

    @staticmethod
    def _tags(command: Command, given: dict[str, Param]) -> list[tuple[str, str]]:
        if any(p.type == "text" for p in command.params):
            return []
        out = []
        for param in command.params:
            if param.tag in given and not param.repeat:
                continue
            group = command.alternative_of(param.tag)
            if group and any(t in given for t in group if t != param.tag):
                continue
            label = param.tag if param.type == "flag" else param.tag + "="
            out.append((label, first_sentence(param.help)))
        return out

    @staticmethod
    def _param(command: Command, tag: str) -> Param | None:
        return command.match_tag(tag)

    # ---- values ---------------------------------------------------------

    def _drive_paths(self, typed: str) -> list[tuple[str, str]]:
        """(completed path, shown name) of the names on the computer's drives that
        complete *typed* (netsh's file paths are on the emulated computer)."""
        from ..computer.drives import DriveError, drives

        cut = max(typed.rfind("\\"), typed.rfind("/"))
        if cut < 0 and len(typed) >= 2 and typed[1] == ":":
            cut = 1
        folder, prefix = typed[: cut + 1], typed[cut + 1 :].lower()
        disk = drives(self.session.host)
        try:
            names = disk.listdir(folder or disk.cwd())
        except DriveError:
            return []
        out = []
        for name in names:
            if name.lower().startswith(prefix) and not name.startswith("."):
                slash = "\\" if disk.is_dir(folder + name if folder else name) else ""
                out.append((folder + name + slash, name + slash))
        return out

    def _values(
        self, command: Command, words: Words, param: Param, frag: str, event: CompleteEvent
    ) -> Iterator[Completion]:
        if param.type == "file":
            typed = unquote(frag)
            for path, name in self._drive_paths(typed):
                insert = f'"{path}"' if frag.startswith('"') or " " in path else path
                yield Completion(insert, -len(frag), display=name, display_meta="file")
            return
        choices = list(self.value_choices(command, words, param))
        listed = param.type in LIST_TYPES or self._config_property(words) == "bootexemptions"
        if listed and frag.startswith('"'):
            # Inside a quoted list: complete the word being typed, keep the others.
            inner = frag[1:]
            if inner.endswith('"'):
                return
            members = inner.split()
            last = "" if inner[-1:].isspace() or not inner else members.pop()
            done = {t.lower() for t in members}
            fits = [
                c for c in choices if c[0].lower() not in done and not (members and c[0] == "none")
            ]
            yield from self._match(fits, last)
            return
        yield from self._match(choices, frag, value=True)

    def value_choices(
        self, command: Command, words: Words, param: Param
    ) -> Iterable[tuple[str, str]]:
        """(value, description) pairs a tag accepts, store names included."""
        kind = param.type
        if kind == "yesno":
            yield from (("yes", ""), ("no", ""))
        elif kind == "enum":
            yield from ((c, "") for c in param.choices)
        elif kind == "protocol":
            yield from PROTOCOL_META.items()
        elif kind == "address":
            yield from ADDRESS_WORDS
        elif kind == "mask":
            yield from COMMON_MASKS
        elif kind == "mmsecmethods":
            yield from ((m, "encryption-integrity-DH group") for m in MM_EXAMPLES)
        elif kind == "qmsecmethods":
            yield from ((m, "transform[algorithms]") for m in QM_EXAMPLES)
        elif kind == "bootexemptions":
            yield ("none", "no exemptions")
            yield from BOOT_EXAMPLES
        if param.tag == "value" and command.words == ("set", "config"):
            yield from self._config_values(words)
        object_kind = self.object_kind(command, param)
        if object_kind is not None:
            policy = None
            if object_kind == "rule":
                policy = self._given_value(words, "policy")
            for name in self.names.names(object_kind, policy):
                yield (name, object_kind)
        if param.default is not None and kind not in ("yesno", "enum", "protocol"):
            default = param.default
            yield (str(default), "default")

    def _config_property(self, words: Words) -> str | None:
        """The property a ``set config`` line names (tagged or first positional), if any."""
        if words.command is None or words.command.words != ("set", "config"):
            return None
        from ..dynamic.config import PROPERTIES
        from ..values import unique_choice

        given = self._given_value(words, "property")
        if given is None:
            bare = [i.value for i in words.args if i.kind == "bare" and i.value]
            given = bare[0] if bare else None
        return unique_choice(given or "", tuple(PROPERTIES))

    def _config_values(self, words: Words) -> Iterable[tuple[str, str]]:
        """``set config value=``: what the chosen property takes."""
        from ..dynamic.config import BOOT_MODES, PROPERTIES

        name = self._config_property(words)
        if name is None:
            return
        prop = PROPERTIES[name]
        if prop.kind == "bootmode":
            yield from ((m, "boot mode") for m in BOOT_MODES)
        elif prop.kind == "exemptions":
            yield ("none", "no exemptions")
            yield from BOOT_EXAMPLES
        elif prop.kind == "integer" and prop.high - prop.low <= 8:
            yield from ((str(n), name) for n in range(prop.low, prop.high + 1))
        elif prop.kind == "integer":
            yield (str(prop.default), f"default ({prop.low}-{prop.high})")

    @staticmethod
    def object_kind(command: Command, param: Param) -> str | None:
        """Which store objects *param* of *command* names (None: no names)."""
        if command.context != STATIC_PATH or param.type != "string":
            return None
        if param.tag in ("policy", "filterlist", "filteraction"):
            return param.tag
        if param.tag == "name" and len(command.words) == 2 and command.words[0] != "add":
            noun = command.words[1]
            return noun if noun in ("policy", "filterlist", "filteraction", "rule") else None
        return None

    @staticmethod
    def _given_value(words: Words, tag: str) -> str | None:
        for item in words.args:
            if item.kind == "tagged" and (item.tag or "").lower() == tag and item.value:
                return item.value
        return None

    # ---- emulator commands ----------------------------------------------

    def _emulator(self, text: str) -> Iterator[Completion]:
        body = text.lstrip()[len(colon_commands.PREFIX) :]
        table = colon_commands.commands()
        if not any(c.isspace() for c in body):
            yield from self._match(
                [(":" + n, c.summary) for n, c in sorted(table.items())],
                ":" + body,
            )
            return
        name, _, rest = body.partition(" ")
        frag = "" if not rest or rest[-1].isspace() else rest.split()[-1]
        if name.lower() in ("help",):
            yield from self._match([(n, c.summary) for n, c in sorted(table.items())], frag)
        elif name.lower() == "tree":
            yield from self._match(
                [(n, "policy") for n in self.names.names("policy")], frag, value=True
            )

    # ---- matching -------------------------------------------------------

    @staticmethod
    def _match(
        choices: Iterable[tuple[str, str]], frag: str, value: bool = False
    ) -> Iterator[Completion]:
        opened = frag.startswith('"')
        want = unquote(frag).lower()
        seen = set()
        for text, meta in choices:
            if not text.lower().startswith(want) or text.lower() in seen:
                continue
            seen.add(text.lower())
            insert = text
            if value and (opened or any(c.isspace() for c in text)):
                insert = f'"{text}"'
            yield Completion(insert, start_position=-len(frag), display=text, display_meta=meta)


__all__ = ["NetshCompleter", "first_sentence", "quoted", "values"]
