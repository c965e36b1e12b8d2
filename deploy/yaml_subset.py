"""A strict reader for the small subset of YAML that deploy/ uses.

No YAML library is installed (python3's standard library has none), and the
examples must be read as Kubernetes reads them, so this reads only the
constructs whose meaning is the same in YAML 1.1 (Kubernetes' go-yaml) and
1.2, and rejects everything else with the line number:

  key: value            block mappings; keys are letters, digits and _./-
  key:                  a nested block, indented more
    - item              block sequences, indented more than their key
    - key: value        a mapping inside a sequence item
  key: |                literal block scalars, "|" (one final newline) or
    text                "|-" (none); the JSON configs live in these
  "text", 'text'        quoted scalars without escapes
  # comment             whole-line comments; one optional leading "---"

Plain scalars become int (decimal, no leading zero), bool (true/false),
None (null, ~) or str. A plain scalar whose type differs between YAML 1.1
and 1.2 (yes, no, on, off, 0755, 1:20, 1.5, .inf ...) is an error: quote it.
Flow collections, anchors, aliases, tags, folded scalars, multi-line plain
scalars, comments after a value, tabs in indentation and several documents
are errors too.

    >>> parse("a:\\n  - b: 1\\n    c: |\\n      {}\\n")
    {'a': [{'b': 1, 'c': '{}\\n'}]}
"""

import re

_KEY = r"[A-Za-z0-9_][A-Za-z0-9_./-]*"
_KEY_LINE = re.compile(r"(" + _KEY + r"):(?: +(.*))?")
_KEY_START = re.compile(_KEY + r":(?: |$)")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
# Plain scalars that YAML 1.1 and 1.2 read differently, or as non-strings.
_AMBIGUOUS = re.compile(
    r"(?i:y|n|yes|no|on|off|true|false|null|~)"  # other spellings than ours
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"  # 1.1 sexagesimal
    r"|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?"  # floats
    r"|[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)"
    r"|[-+]?\.(?i:inf|nan)|\.(?i:nan)"
    r"|[-+]?0[0-9_]+|[-+]?0[xXoObB][0-9a-fA-F_]+"  # octal, hex, binary
    r"|\+[0-9_]+|[0-9]+_[0-9_]*"
)


class YamlSubsetError(ValueError):
    """The text is outside the subset, or is not valid YAML at all."""

    def __init__(self, line, message):
        super().__init__(f"line {line}: {message}")
        self.line = line


def parse(text):
    """Returns the one document in `text` as dicts, lists and scalars.

    Raises YamlSubsetError naming the first line outside the subset.
    """
    return _Parser(text).document()


def _scalar(text, line):
    if text.startswith('"'):
        inner = text[1:-1]
        if len(text) < 2 or not text.endswith('"') or '"' in inner:
            raise YamlSubsetError(line, f"unterminated or extra quote in {text!r}")
        if "\\" in inner:
            raise YamlSubsetError(line, f"escapes in double quotes are not supported: {text!r}")
        return inner
    if text.startswith("'"):
        inner = text[1:-1]
        if len(text) < 2 or not text.endswith("'") or "'" in inner.replace("''", ""):
            raise YamlSubsetError(line, f"unterminated or extra quote in {text!r}")
        return inner.replace("''", "'")
    first = text[0]
    if first in "[]{}&*!|>%@`#,?:" or (first == "-" and (len(text) == 1 or text[1] == " ")):
        raise YamlSubsetError(line, f"{text!r}: flow collections, anchors, aliases, tags, "
                              "folded or unusual block scalars are not supported")
    if " #" in text or ": " in text or text.endswith(":") or "\t" in text:
        raise YamlSubsetError(line, f"{text!r}: a comment after a value, ': ' or a tab in a "
                              "plain scalar is not supported; quote it or use a block scalar")
    if _INT.fullmatch(text):
        return int(text)
    if text in ("true", "false"):
        return text == "true"
    if text in ("null", "~"):
        return None
    if _AMBIGUOUS.fullmatch(text):
        raise YamlSubsetError(line, f"{text!r} means different things in YAML 1.1 and 1.2; "
                              "quote it")
    return text


class _Parser:
    def __init__(self, text):
        if "\r" in text:
            raise YamlSubsetError(1, "carriage returns are not supported")
        self.lines = text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.i = 0  # the next line to read

    def error(self, message):
        return YamlSubsetError(self.i + 1, message)

    def peek(self):
        """(indent, content) of the next structural line, or None at the end.

        Skips blank lines and whole-line comments.
        """
        while self.i < len(self.lines):
            line = self.lines[self.i]
            content = line.lstrip(" ")
            if content.startswith("\t"):
                raise self.error("a tab in indentation")
            if content == "" or content.startswith("#"):
                self.i += 1
                continue
            if content != content.rstrip():
                raise self.error("trailing white space")
            return len(line) - len(content), content
        return None

    def document(self):
        first = self.peek()
        if first is None:
            raise self.error("no document")
        if first == (0, "---"):
            self.i += 1
        node = self.block(0)
        rest = self.peek()
        if rest is not None:
            raise self.error(f"unexpected {rest[1]!r} (a second document, or a bad indentation)")
        return node

    def block(self, indent):
        head = self.peek()
        if head is None or head[0] != indent:
            raise self.error(f"expected a block indented by {indent}")
        if head[1] == "-" or head[1].startswith("- "):
            return self.sequence(indent)
        return self.mapping(indent)

    def mapping(self, indent):
        result = {}
        while True:
            head = self.peek()
            if head is None or head[0] < indent:
                return result
            if head[0] > indent:
                raise self.error(f"indented by {head[0]}, expected {indent}")
            content = head[1]
            match = _KEY_LINE.fullmatch(content)
            if not match:
                raise self.error(f"expected 'key: value' with a plain key, got {content!r}")
            key, rest = match.group(1), match.group(2) or ""
            if key in result:
                raise self.error(f"duplicate key {key!r}")
            self.i += 1
            result[key] = self.value(rest, indent, key)

    def value(self, rest, indent, key):
        if rest == "":
            head = self.peek()
            if head is None or head[0] <= indent:
                raise self.error(f"{key!r} has no value (a sequence under a key must be "
                                 "indented more than the key)")
            return self.block(head[0])
        if rest in ("|", "|-"):
            return self.literal(indent, keep_newline=rest == "|")
        return _scalar(rest, self.i)

    def sequence(self, indent):
        items = []
        while True:
            head = self.peek()
            if head is None or head[0] < indent:
                return items
            if head[0] > indent:
                raise self.error(f"indented by {head[0]}, expected {indent}")
            content = head[1]
            if not content.startswith("- "):
                raise self.error(f"expected a sequence item '- ...', got {content!r}")
            rest = content[2:]
            if rest == "" or rest.startswith(" ") or rest == "-" or rest.startswith("- "):
                raise self.error("empty, nested or oddly spaced sequence items are not supported")
            if _KEY_START.match(rest):
                # "- key: value": a mapping whose keys line up with "key".
                self.lines[self.i] = " " * (indent + 2) + rest
                items.append(self.mapping(indent + 2))
                continue
            self.i += 1
            if rest in ("|", "|-"):
                items.append(self.literal(indent, keep_newline=rest == "|"))
            else:
                items.append(_scalar(rest, self.i))

    def literal(self, parent_indent, keep_newline):
        """A literal block scalar whose header line was just read."""
        lines = []
        block_indent = None
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.strip(" ") == "":
                lines.append("")
                self.i += 1
                continue
            indent = len(line) - len(line.lstrip(" "))
            if block_indent is None:
                if indent <= parent_indent:
                    break
                block_indent = indent
            if indent < block_indent:
                if indent > parent_indent:
                    raise self.error("a block scalar line indented less than its first line")
                break
            lines.append(line[block_indent:])
            self.i += 1
        while lines and lines[-1] == "":
            lines.pop()
        if block_indent is None:
            raise self.error("an empty block scalar")
        text = "\n".join(lines)
        return text + "\n" if keep_newline else text
